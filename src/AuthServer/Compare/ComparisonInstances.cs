using System.Collections.Concurrent;
using System.Security.Cryptography;
using AuthServer.EmbeddedRedis;
using AuthServer.Strategies;
using AuthServer.Strategies.Redis;

namespace AuthServer.Compare;

/// <summary>
/// Starts, before the page is served, the embedded Redis and two AuthServer processes per strategy. A strategy's A and B
/// share what a deployment of it shares: the signing key, the SQLite file, the Redis; the four strategies share nothing
/// but the Redis server, each under its own key prefix. Stops them all with the comparison.
/// </summary>
internal sealed class ComparisonInstances(
    ComparisonRedis redis,
    ComparisonWorkspace workspace,
    IHttpClientFactory clients,
    ILogger<ComparisonInstances> logger) : IHostedService, IAsyncDisposable
{
    public static readonly string[] InstanceNames = ["a", "b"];

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(120);

    private readonly ConcurrentDictionary<(string Strategy, string Name), InstanceProcess> running = new();
    private volatile bool ready;

    /// <summary>The strategies in the page's column order.</summary>
    public static IReadOnlyList<string> Columns => StrategyCatalog.Names;

    /// <summary>True once every instance answered; the page's API says 503 before.</summary>
    public bool Ready => ready;

    public InstanceProcess? Find(string strategy, string name) => running.GetValueOrDefault((strategy, name));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await redis.StartAsync();
        await Task.WhenAll(Columns.Select(strategy => StartStrategyAsync(strategy, cancellationToken)));
        ready = true;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        ready = false;
        await Task.WhenAll(running.Values.Select(instance => instance.DisposeAsync().AsTask()));
        running.Clear();
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task StartStrategyAsync(string strategy, CancellationToken cancellationToken)
    {
        // Ephemeral: made for this run, handed to A and B in their environment, never written anywhere.
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        using var http = clients.CreateClient(Forwarder.ClientName);
        // A first: it creates and migrates the database file that B then opens.
        foreach (var name in InstanceNames)
        {
            var spec = new InstanceSpec(
                strategy,
                name,
                EmbeddedRedisServer.FreeLoopbackPort(),
                workspace.InstanceDirectory(strategy, name),
                Settings(strategy),
                new Dictionary<string, string> { ["Jwt:SigningKey"] = signingKey });
            var instance = InstanceProcess.Start(spec, logger);
            running[(strategy, name)] = instance;
            if (!await instance.WaitUntilLiveAsync(http, StartPatience, cancellationToken))
            {
                throw new ComparisonStartException($"{strategy} {name} did not start (its output is above, marked [{strategy} {name}]).");
            }

            ComparisonLog.InstanceUp(logger, strategy, name, instance.BaseAddress);
        }
    }

    private Dictionary<string, string> Settings(string strategy) => new()
    {
        ["Auth:Strategy"] = strategy,
        // appsettings and the static web assets manifest sit next to the binary.
        ["contentRoot"] = AppContext.BaseDirectory,
        ["ConnectionStrings:Sqlite"] = workspace.SqliteConnectionString(strategy),
        // Each strategy its own SQLite file, even when this process was given PostgreSQL (its environment is inherited).
        ["ConnectionStrings:Postgres"] = string.Empty,
        // Given to all four, as one deployment's configuration would be: the two Redis strategies keep their state there, the
        // other two only their login limits (counted on the instance while the page has Redis stopped).
        ["ConnectionStrings:Redis"] = redis.ConnectionString,
        ["Redis:KeyPrefix"] = $"compare:{strategy}:",
        // The embedded Garnet is slower on a first use than a Redis server: 2 s instead of 500 ms. An outage still answers
        // 503 at once (the connection is refused), which is all the page shows of the deadline.
        ["Redis:OperationTimeout"] = "00:00:02",
        ["Logging:LogLevel:Default"] = "Warning",
    };
}

/// <summary>An instance of the comparison did not come up: reported in one line instead of a stack trace.</summary>
internal sealed class ComparisonStartException(string message) : Exception(message);
