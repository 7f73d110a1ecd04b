using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

/// <summary>
/// Makes the process's multiplexers from <c>ConnectionStrings:Redis</c>: one server, the seed nodes of a Cluster (the client
/// discovers the rest and follows slot moves), or Sentinels (<c>serviceName=</c>), or the host's development Redis when it is empty.
/// </summary>
internal sealed class RedisConnector(string? connectionString, IDevelopmentRedis? development, ILogger logger) : IDisposable
{
    // Per purpose: a Sentinel connection hands out one primary connection per service name, and keeps it.
    private const int SentinelThreadFloor = 64;

    private readonly ConcurrentDictionary<string, ConnectionMultiplexer> sentinels = new(StringComparer.Ordinal);

    public bool IsEmbedded => string.IsNullOrWhiteSpace(connectionString);

    /// <summary>A multiplexer whose calls time out after <paramref name="timeout"/> (plus <paramref name="blocking"/> for commands that block, WAIT).</summary>
    public ConnectionMultiplexer Connect(string purpose, TimeSpan timeout, TimeSpan blocking = default)
    {
        var configuration = RedisConfiguration.Create(IsEmbedded ? StartDevelopmentRedis() : connectionString!, timeout);
        configuration.AsyncTimeout += (int)blocking.TotalMilliseconds;
        configuration.ClientName += "-" + purpose;
        RedisLog.Connecting(logger, configuration.EndPoints, purpose);
        var connection = string.IsNullOrEmpty(configuration.ServiceName)
            ? ConnectionMultiplexer.Connect(configuration)
            : ConnectThroughSentinels(configuration, purpose);
        connection.ConnectionFailed += (_, e) => RedisLog.ConnectionFailed(logger, e.EndPoint, e.ConnectionType, e.FailureType);
        connection.ConnectionRestored += (_, e) => RedisLog.ConnectionRestored(logger, e.EndPoint, e.ConnectionType);
        return connection;
    }

    public void Dispose()
    {
        foreach (var sentinel in sentinels.Values)
        {
            sentinel.Dispose();
        }
    }

    /// <summary>
    /// Asks the Sentinels for the primary of the service and connects to it and its replicas; the client then follows
    /// every <c>+switch-master</c> the Sentinels announce (and asks again each second while the primary is lost). The
    /// Sentinel connection is kept across failed attempts: <c>ConnectionMultiplexer.Connect</c> would leak one per attempt.
    /// </summary>
    private ConnectionMultiplexer ConnectThroughSentinels(ConfigurationOptions configuration, string purpose)
    {
        ReserveThreads();
        var sentinel = sentinels.GetOrAdd(purpose, _ =>
        {
            // As the client's own Sentinel path does: the Sentinels take their own credentials, if any.
            var options = configuration.Clone();
            options.User = configuration.SentinelUser;
            options.Password = configuration.SentinelPassword;
            options.ClientName += "-sentinel";
            return ConnectionMultiplexer.SentinelConnect(options);
        });
        return sentinel.GetSentinelMasterConnection(configuration);
    }

    /// <summary>
    /// The client follows a failover by asking the Sentinels synchronously from thread-pool threads (one such call per
    /// dropped connection, and again every second), while its sockets are read on that same pool. On two cores the pool,
    /// growing a thread at a time, starved for seconds after a failover: every request stalled, even ones needing no Redis.
    /// A higher floor lets it grow at once.
    /// </summary>
    private static void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var completions);
        if (workers < SentinelThreadFloor)
        {
            ThreadPool.SetMinThreads(SentinelThreadFloor, completions);
        }
    }

    // RedisSetup refused an empty setting outside Development; in it, the host registers its in-process Redis.
    private string StartDevelopmentRedis() =>
        development?.Start() ?? throw new InvalidOperationException($"{RedisOptions.ConnectionStringKey} is empty and no development Redis is registered.");
}
