using LoadTests.Infra;
using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>jwt-refresh with its users and refresh tokens in PostgreSQL instead of SQLite: three instances on one server.</summary>
public sealed class PostgresResults
{
    public string Status { get; set; } = "not run";
    public string? Failure { get; set; }
    /// <summary>PostgreSQL's version and the settings that bound commits (fsync, synchronous_commit, wal_sync_method).</summary>
    public string? Server { get; set; }
    public ThroughputResult? Login { get; set; }
    public ThroughputResult? Refresh { get; set; }
    public ThroughputResult? RefreshSingle { get; set; }
    /// <summary>Share of the server core used by instance A, and by PostgreSQL, over the 8-worker rotation window.</summary>
    public double? RefreshServerCpuPct { get; set; }
    public double? RefreshPostgresCpuPct { get; set; }
    /// <summary>Durable one-row commits per second (pgbench) at 1 and 8 clients: what WAL flushes allow.</summary>
    public List<CommitProbe> Commits { get; } = [];
    /// <summary>Logout on A, the same credentials on B, then on C.</summary>
    public RevocationResult? RevocationB { get; set; }
    public RevocationResult? RevocationC { get; set; }
    public string? RevocationVerdict { get; set; }
    public List<string> Errors { get; } = [];
}
