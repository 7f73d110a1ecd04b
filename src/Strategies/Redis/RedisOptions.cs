namespace AuthServer.Strategies.Redis;

/// <summary>The <c>Redis</c> section; the server itself is named by <c>ConnectionStrings:Redis</c>.</summary>
public sealed class RedisOptions
{
    public const string Section = "Redis";

    /// <summary>The connection string's key, named in every message about it.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Redis";

    /// <summary>Prepended to every key and channel, so several deployments (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "authserver:";

    /// <summary>Longest wait for one Redis call before the request answers 503; also the connect timeout.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Replicas that must hold a revocation (logout, logout-all, admin revoke, RFC 7009) before it is answered 200, so a
    /// failover of the primary cannot lose it (Redis <c>WAIT</c>). Null: 1 with a Sentinel connection string
    /// (<c>serviceName=</c>), else 0 (off: a single node or a cluster without replicas has nobody to wait for).
    /// </summary>
    public int? WaitForReplicas { get; set; }

    /// <summary>How long a revocation waits for its replicas; when they do not all confirm in time the answer is 503, never 200.</summary>
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary><see cref="WaitForReplicas"/> as it applies to <paramref name="connectionString"/>.</summary>
    public int ReplicasToWaitFor(string? connectionString) =>
        WaitForReplicas ?? (RedisConfiguration.IsSentinel(connectionString) ? 1 : 0);
}
