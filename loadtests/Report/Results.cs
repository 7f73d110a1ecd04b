using LoadTests.Infra;
using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>Everything one run measured; serialised as results.json and rendered as report.md/report.html.</summary>
public sealed class RunResults
{
    public required MachineInfo Machine { get; init; }
    public required RunSettings Settings { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; set; }
    public string Outcome { get; set; } = "completed";
    public string? BuildError { get; set; }
    public List<PeerStatus> Peers { get; } = [];
    public List<HotPathRow> HotPath { get; } = [];
    /// <summary>/profile of two strategies measured back to back (loadtests/HotPathPairs.cs); empty in runs before they existed.</summary>
    public List<ProfilePair> ProfilePairs { get; } = [];
    /// <summary>Resident set size of each peer after its hot-path rounds, for scale next to AuthServer's.</summary>
    public Dictionary<string, double> PeerRssMb { get; } = [];
    public Dictionary<string, StrategyResults> Strategies { get; } = [];
    /// <summary>A second service (samples/OrdersApi) in front of each strategy; null when not run.</summary>
    public ServicesResults? Services { get; set; }
    /// <summary>jwt-refresh on PostgreSQL, beside its SQLite figures; null when not run.</summary>
    public PostgresResults? Postgres { get; set; }
    public List<TargetCheck> Targets { get; set; } = [];
    public List<string> Notes { get; } = [];
}

/// <summary>The settings the run used.</summary>
public sealed record RunSettings(
    bool Quick, IReadOnlyList<string> Strategies, double DurationSeconds, double ScenarioDurationSeconds, double WarmUpSeconds, int Rounds,
    int Connections, int RevocationSamples, string ServerCpus, string LoadCpus, double JitWarmUpSeconds = 0, int Pairs = 0);

/// <summary>One server's ceiling and /profile measured back to back in one round.</summary>
public sealed record HotPathRow(int Round, string Target, string Kind, string CeilingPath, WrkResult Ceiling, WrkResult? Profile, string? Error)
{
    public double? Ratio => Profile is null || Ceiling.Rps <= 0 ? null : Profile.Rps / Ceiling.Rps;
}

/// <summary>Target's and baseline's /profile measured back to back in one round, <c>TargetFirst</c> saying which went first.</summary>
public sealed record ProfilePair(int Round, int Index, string Target, string Baseline, WrkResult TargetProfile, WrkResult BaselineProfile, bool TargetFirst)
{
    public double Ratio => BaselineProfile.Rps > 0 ? TargetProfile.Rps / BaselineProfile.Rps : 0;

    /// <summary>The target server process's CPU time per request in its half, µs (from /proc; 0 when not measured).</summary>
    public double TargetCpuMicros { get; init; }

    public double BaselineCpuMicros { get; init; }
}

/// <summary>Per-strategy results; a scenario that could not run leaves its field null and a line in Errors.</summary>
public sealed class StrategyResults
{
    public required string Strategy { get; init; }
    public string Status { get; set; } = "not run";
    public string? Failure { get; set; }
    public string? LogTail { get; set; }
    public StrategyInfo? Info { get; set; }
    public ThroughputResult? Login { get; set; }
    public ThroughputResult? Refresh { get; set; }
    /// <summary>The same rotation with one worker: the per-rotation cost without contention.</summary>
    public ThroughputResult? RefreshSingle { get; set; }
    /// <summary>Share of one CPU instance A used during the rotation run: well below 100 means it waited (locks, disk).</summary>
    public double? RefreshServerCpuPct { get; set; }
    public string? RefreshNote { get; set; }
    public ThroughputResult? Logout { get; set; }
    public RevocationResult? Revocation { get; set; }
    public string? RevocationVerdict { get; set; }
    public TimelineResult? Outage { get; set; }
    public FailoverResult? Failover { get; set; }
    public ScaleOutResult? ScaleOut { get; set; }
    public MemoryResult Memory { get; } = new();
    public List<string> Errors { get; } = [];
}

/// <summary>
/// Behind Sentinel: /profile per second through the SIGKILL of the primary (with the promotion as the Sentinels saw it),
/// and revocation latency with and without waiting for a replica.
/// </summary>
public sealed record FailoverResult(TimelineResult Timeline, double? PromotedAfterSeconds, int Replicas, IReadOnlyList<WriteCost> WriteCosts);

/// <summary>Revocations (<c>logout</c> or RFC 7009 <c>revoke</c>) one at a time on an instance with <c>Redis:WaitForReplicas</c> set as given.</summary>
public sealed record WriteCost(string Kind, int Round, int WaitForReplicas, ThroughputResult Result);

/// <summary>/profile through nginx round robin: one upstream against three.</summary>
public sealed record ScaleOutResult(WrkResult OneInstance, WrkResult ThreeInstances)
{
    public double Ratio => OneInstance.Rps > 0 ? ThreeInstances.Rps / OneInstance.Rps : 0;
}

/// <summary>Server RSS and Redis memory per 100k credentials.</summary>
public sealed class MemoryResult
{
    public double? RssAfterHotPathMb { get; set; }
    public double? RssAfterRunMb { get; set; }
    public double? PeakRssMb { get; set; }
    public long? SessionsMeasured { get; set; }
    /// <summary>From the sum of MEMORY USAGE over all keys, before and after.</summary>
    public double? RedisKeyBytesPer100kSessions { get; set; }
    /// <summary>From INFO memory used_memory, before and after (includes allocator overhead and noise).</summary>
    public double? RedisUsedMemoryPer100kSessions { get; set; }
    public long? RevokedMeasured { get; set; }
    public double? RedisKeyBytesPer100kRevoked { get; set; }
    public double? RedisUsedMemoryPer100kRevoked { get; set; }
    /// <summary>A sorted set like the server's revocation set, filled to 100k members and measured (see Infra/RedisMemory.cs).</summary>
    public double? RedisProjectedPer100kRevoked { get; set; }
    public string? ProjectionNote { get; set; }
    public long? RedisKeysAdded { get; set; }
    public string? Note { get; set; }
}

/// <summary>One target of issue 4 with the measured figure and whether it was met.</summary>
public sealed record TargetCheck(string Target, string Threshold, string Measured, string Status, string? Note = null);
