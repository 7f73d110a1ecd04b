using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of the process (created on first use, shared by everything: a single node,
/// a Cluster or a Sentinel-managed primary), and the writes that wait for replicas (<see cref="WriteAsync"/>).
/// </summary>
internal sealed partial class RedisConnection : IRevocationConnection, IDisposable
{
    private readonly RedisConnector connector;
    private readonly LazyMultiplexer multiplexer;
    private readonly ILogger logger;
    private readonly AuthMetrics metrics;

    public RedisConnection(
        IConfiguration configuration, IOptions<RedisOptions> options, AuthMetrics metrics, ILogger<RedisConnection> logger, IDevelopmentRedis? development = null)
    {
        this.logger = logger;
        this.metrics = metrics;
        var connectionString = configuration.GetConnectionString("Redis");
        connector = new RedisConnector(connectionString, development, logger);
        // The in-process server compiles each command's code on first use: give it time, there is no outage to detect.
        Timeout = connector.IsEmbedded ? TimeSpan.FromSeconds(5) : options.Value.OperationTimeout;
        multiplexer = new LazyMultiplexer(() => Connect("main"));
        ReplicasToWaitFor = options.Value.ReplicasToWaitFor(connectionString);
        WaitTimeout = options.Value.WaitTimeout;
        database = connector.IsEmbedded ? null : ConfigurationOptions.Parse(connectionString!).DefaultDatabase;
        rounds = new ReplicaRounds(ReplicasToWaitFor, WaitTimeout, database);
        // WAIT blocks the connection it is sent on: acknowledged writes get a multiplexer of their own, so reads never queue behind one.
        acknowledged = ReplicasToWaitFor > 0 ? new LazyMultiplexer(() => connector.Connect("acknowledged-writes", Timeout, 2 * WaitTimeout)) : multiplexer;
    }

    /// <summary>Raised when a connection of the main multiplexer to a primary fails (the primary lost, a node of the cluster down).</summary>
    public event EventHandler<ConnectionFailedEventArgs>? ConnectionFailed;

    /// <summary>Raised when a connection of the main multiplexer is made again.</summary>
    public event EventHandler<ConnectionFailedEventArgs>? ConnectionRestored;

    /// <summary>The deadline of one Redis call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The multiplexer; <see cref="StoreUnavailableException"/> while it cannot be made (Sentinels that name no primary).</summary>
    public ConnectionMultiplexer Multiplexer => multiplexer.Value;

    public bool IsConnected => multiplexer.IsCreated && multiplexer.Value.IsConnected;

    public IDatabase Database => Multiplexer.GetDatabase();

    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

    /// <summary>Connects now if it can, so the start-up log says where Redis is; one that cannot be reached is tried again on use.</summary>
    public void TryConnect()
    {
        try
        {
            _ = Multiplexer;
            _ = acknowledged.Value;
        }
        catch (StoreUnavailableException)
        {
        }
    }

    /// <summary>
    /// Runs one Redis call with the deadline; an unreachable Redis becomes <see cref="StoreUnavailableException"/>.
    /// Its latency is recorded under the calling method's name (a fixed name, never a key).
    /// </summary>
    public async Task<T> RunAsync<T>(Func<IDatabase, Task<T>> call, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var succeeded = false;
        try
        {
            Task<T> task;
            try
            {
                task = call(Database);
            }
            catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
            {
                throw RedisCalls.Unavailable(ex);
            }

            var result = await RedisCalls.RunAsync(task, Timeout);
            succeeded = true;
            return result;
        }
        finally
        {
            metrics.RedisCallCompleted(operation, Stopwatch.GetElapsedTime(started), succeeded);
        }
    }

    private static bool IsReplica(ConnectionMultiplexer connection, EndPoint? endpoint)
    {
        try
        {
            return endpoint is not null && connection.GetServer(endpoint).IsReplica;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!ReferenceEquals(acknowledged, multiplexer))
        {
            acknowledged.Dispose();
        }

        multiplexer.Dispose();
        connector.Dispose();
    }

    private ConnectionMultiplexer Connect(string purpose)
    {
        var connection = connector.Connect(purpose, Timeout);
        // A replica lost (behind Sentinel) is not a loss of the data: the primary still answers and publishes.
        connection.ConnectionFailed += (sender, e) =>
        {
            if (!IsReplica(connection, e.EndPoint))
            {
                ConnectionFailed?.Invoke(sender, e);
            }
        };
        connection.ConnectionRestored += (sender, e) => ConnectionRestored?.Invoke(sender, e);
        return connection;
    }
}
