using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>StackExchange.Redis options that make an outage fail fast (503 within a second) and heal by itself.</summary>
internal static class RedisConfiguration
{
    public static ConfigurationOptions Create(string connectionString, TimeSpan operationTimeout)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        var timeout = (int)operationTimeout.TotalMilliseconds;
        // Keep running while Redis is away and reconnect in the background instead of failing at start.
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = timeout;
        options.SyncTimeout = timeout;
        options.AsyncTimeout = timeout;
        // Without a connection, fail at once instead of queueing until the timeout.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.HeartbeatInterval = TimeSpan.FromSeconds(1);
        options.KeepAlive = 5;
        options.ClientName ??= "authserver";
        return options;
    }

    /// <summary>True when the string names Sentinels (<c>serviceName=</c>) rather than the Redis servers themselves.</summary>
    public static bool IsSentinel(string? connectionString) =>
        !string.IsNullOrWhiteSpace(connectionString) && !string.IsNullOrEmpty(ConfigurationOptions.Parse(connectionString).ServiceName);

    /// <summary>Null when the string parses, else why not (without echoing it: it may hold a password).</summary>
    public static string? Problem(string connectionString)
    {
        try
        {
            return ConfigurationOptions.Parse(connectionString).EndPoints.Count == 0 ? "it names no endpoint" : null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }
}
