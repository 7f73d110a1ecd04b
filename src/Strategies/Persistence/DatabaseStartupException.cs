namespace AuthServer.Strategies.Persistence;

/// <summary>The database cannot be used at start (unreachable, or migrated by a newer AuthServer): one line, exit code 1.</summary>
public sealed class DatabaseStartupException : Exception
{
    public DatabaseStartupException()
    {
    }

    public DatabaseStartupException(string message)
        : base(message)
    {
    }

    public DatabaseStartupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
