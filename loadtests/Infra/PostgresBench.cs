using System.Globalization;
using AuthServer.Testing;

namespace LoadTests.Infra;

/// <summary>
/// What the PostgreSQL phase asks of its server (a durable <see cref="PostgresCluster"/>: fsync and synchronous commit on,
/// so a commit costs here what it costs in production): what it is, and how many durable commits it makes per second.
/// </summary>
internal static class PostgresBench
{
    /// <summary>True when the PostgreSQL found also has pgbench, which the commit probe needs.</summary>
    public static bool Installed(out string bin)
    {
        bin = SystemPrograms.PostgresServer.Path ?? "";
        return bin.Length > 0 && File.Exists(Path.Combine(bin, "pgbench"));
    }

    /// <summary>Version and the settings that bound commits, as PostgreSQL reports them.</summary>
    public static async Task<string> DescribeAsync(this PostgresCluster pg, CancellationToken ct)
    {
        Cmd.Result r = await pg.ClientAsync(null, "psql", ["-d", "postgres", "-Atc",
            "SELECT split_part(version(), ' on ', 1) || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', wal_sync_method=' || current_setting('wal_sync_method') || ', full_page_writes=' || current_setting('full_page_writes')"], ct: ct);
        return r.ExitCode == 0 ? r.Output.Trim() : "unknown";
    }

    /// <summary>
    /// Durable commits per second of a one-row INSERT with <paramref name="clients"/> connections (pgbench, pinned to
    /// <paramref name="cpus"/>): the ceiling that WAL flushes put on anything that commits, rotations included.
    /// </summary>
    public static async Task<CommitProbe> ProbeCommitsAsync(this PostgresCluster pg, string cpus, int clients, TimeSpan duration, CancellationToken ct)
    {
        string script = Path.Combine(Path.GetTempPath(), $"authserver-commit-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO commit_probe (v) VALUES (1);\n", ct);
        try
        {
            Cmd.Result create = await pg.ClientAsync(null, "psql", ["-d", "postgres", "-c", "CREATE TABLE IF NOT EXISTS commit_probe (id bigserial PRIMARY KEY, v bigint)"], ct: ct);
            if (create.ExitCode != 0)
            {
                throw new InvalidOperationException($"psql failed ({create.ExitCode}): {create.Output.Trim()}");
            }

            Cmd.Result r = await pg.ClientAsync(cpus, "pgbench", ["-n", "-f", script, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "1",
                "-T", Math.Max(1, (int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "postgres"], ct: ct);
            string? tps = r.Output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("tps =", StringComparison.Ordinal));
            string? latency = r.Output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("latency average =", StringComparison.Ordinal));
            if (r.ExitCode != 0 || tps is null)
            {
                throw new InvalidOperationException($"pgbench failed ({r.ExitCode}): {r.Output.Trim()}");
            }

            return new CommitProbe(clients, Number(tps), latency is null ? 0 : Number(latency));
        }
        finally
        {
            File.Delete(script);
        }

        static double Number(string line) =>
            double.Parse(line.Split('=')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}

/// <summary>pgbench's one-row INSERT commits: clients, commits per second, average latency.</summary>
public sealed record CommitProbe(int Clients, double CommitsPerSecond, double LatencyMs);
