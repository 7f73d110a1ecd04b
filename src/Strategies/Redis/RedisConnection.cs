using System.Diagnostics;
using System.Runtime.CompilerServices;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

/// <summary>
/// The one <see cref="ConnectionMultiplexer"/> of the process (created on first use, shared by everything),
/// and the embedded development server when no Redis is configured.
/// </summary>
internal sealed class RedisConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> multiplexer;
    private readonly ILogger logger;
    private readonly AuthMetrics metrics;
    private EmbeddedRedisServer? embedded;

    public RedisConnection(IConfiguration configuration, IOptions<RedisOptions> options, AuthMetrics metrics, ILogger<RedisConnection> logger)
    {
        this.logger = logger;
        this.metrics = metrics;
        Timeout = options.Value.OperationTimeout;
        var connectionString = configuration.GetConnectionString("Redis");
        multiplexer = new Lazy<ConnectionMultiplexer>(() => Connect(connectionString));
    }

    /// <summary>The deadline of one Redis call.</summary>
    public TimeSpan Timeout { get; private set; }

    public ConnectionMultiplexer Multiplexer => multiplexer.Value;

    public bool IsConnected => multiplexer.IsValueCreated && multiplexer.Value.IsConnected;

    public IDatabase Database => Multiplexer.GetDatabase();

    public ISubscriber Subscriber => Multiplexer.GetSubscriber();

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

    public void Dispose()
    {
        if (multiplexer.IsValueCreated)
        {
            multiplexer.Value.Dispose();
        }

        embedded?.Dispose();
    }

    private ConnectionMultiplexer Connect(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            // RedisSetup refused this outside Development.
            embedded = new EmbeddedRedisServer();
            RedisLog.EmbeddedStarted(logger, embedded.Port);
            connectionString = embedded.ConnectionString;
            // The in-process server compiles each command's code on first use: give it time, there is no outage to detect.
            Timeout = TimeSpan.FromSeconds(5);
        }

        var configuration = RedisConfiguration.Create(connectionString, Timeout);
        RedisLog.Connecting(logger, configuration.EndPoints);
        var connection = ConnectionMultiplexer.Connect(configuration);
        connection.ConnectionFailed += (_, e) => RedisLog.ConnectionFailed(logger, e.EndPoint, e.ConnectionType, e.FailureType);
        connection.ConnectionRestored += (_, e) => RedisLog.ConnectionRestored(logger, e.EndPoint, e.ConnectionType);
        return connection;
    }
}
