namespace AuthServer.Compare;

/// <summary>
/// One temporary directory for a run: each strategy's SQLite file (shared by its instances A and B) and the Redis
/// snapshot. Deleted when the comparison stops; nothing of a run outlives it.
/// </summary>
internal sealed class ComparisonWorkspace : IDisposable
{
    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("authserver-compare-");

    public string Root => root.FullName;

    public string RedisSnapshots => Directory.CreateDirectory(Path.Combine(Root, "redis")).FullName;

    /// <summary>A directory per instance to run in, so nothing it writes lands in the repository.</summary>
    public string InstanceDirectory(string strategy, string instance) =>
        Directory.CreateDirectory(Path.Combine(Root, $"{strategy}-{instance}")).FullName;

    public string SqliteConnectionString(string strategy) => $"Data Source={Path.Combine(Root, $"{strategy}.db")}";

    public void Dispose()
    {
        try
        {
            root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a process being killed: the directory is in the temp area, which the OS clears.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
