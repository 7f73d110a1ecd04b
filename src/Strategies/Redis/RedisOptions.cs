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
}
