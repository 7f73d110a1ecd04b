using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>Turns every way a Redis call can fail for want of Redis into <see cref="StoreUnavailableException"/> (503).</summary>
internal static class RedisCalls
{
    public const string StoreName = "redis";

    public static async Task<T> RunAsync<T>(Task<T> call, TimeSpan timeout)
    {
        try
        {
            // The client checks its own timeouts only on its heartbeat; this keeps the deadline exact.
            return await call.WaitAsync(timeout);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(ex);
        }
    }

    public static async Task RunAsync(Task call, TimeSpan timeout)
    {
        try
        {
            await call.WaitAsync(timeout);
        }
        catch (Exception ex) when (IsUnavailable(ex))
        {
            throw Unavailable(ex);
        }
    }

    public static bool IsUnavailable(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException
            || (exception is RedisServerException server && IsTransient(server.Message));

    public static StoreUnavailableException Unavailable(Exception? inner = null) =>
        inner is null
            ? new StoreUnavailableException("Redis cannot be reached.") { Store = StoreName }
            : new StoreUnavailableException("Redis cannot be reached.", inner) { Store = StoreName };

    // A server that is starting, a replica that cannot write (or a primary just demoted), one out of memory or short of
    // replicas (min-replicas-to-write), or a cluster moving a slot: there, but not usable now.
    private static readonly string[] TransientErrors =
        ["LOADING", "READONLY", "MASTERDOWN", "OOM", "BUSY", "NOREPLICAS", "UNBLOCKED", "CLUSTERDOWN", "TRYAGAIN", "MOVED", "ASK"];

    private static bool IsTransient(string message) =>
        TransientErrors.Any(error => message.StartsWith(error, StringComparison.Ordinal) && (message.Length == error.Length || message[error.Length] == ' '));
}
