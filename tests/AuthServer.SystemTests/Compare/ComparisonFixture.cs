using System.Globalization;
using AuthServer.Compare;
using AuthServer.Strategies;

namespace AuthServer.SystemTests.Compare;

/// <summary>
/// One comparison, started as a student starts it (<c>--compare</c> in Development): the host, two AuthServer
/// processes per strategy and the embedded Redis, shared by the tests of the collection, which run one at a time
/// (they stop and start that Redis).
/// </summary>
public sealed class ComparisonFixture : IAsyncLifetime
{
    private ServerProcess? host;

    public ServerProcess Host => host ?? throw new InvalidOperationException("The comparison has not started.");

    public Uri BaseAddress => Host.BaseAddress;

    /// <summary>How long the host took until its page's API answered (all eight instances up).</summary>
    public TimeSpan StartedIn { get; private set; }

    public int Port { get; private set; }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Redis running and every instance ready: where each test starts, whatever the one before it did (the tests share
    /// the comparison, and an instance takes a moment to reconnect after Redis comes back).
    /// </summary>
    public async Task ReadyAsync()
    {
        using var http = CreateClient();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/compare/api/redis/start");
        start.Headers.Add("X-Comparison", "1");
        (await http.SendAsync(start)).EnsureSuccessStatusCode();
        var pending = StrategyCatalog.Names.SelectMany(s => new[] { $"/s/{s}/a/health/ready", $"/s/{s}/b/health/ready" }).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var answers = await Task.WhenAll(pending.Select(async path => (path, (await http.GetAsync(path)).StatusCode)));
            pending = [.. answers.Where(a => a.StatusCode != System.Net.HttpStatusCode.OK).Select(a => a.path)];
            if (pending.Count > 0)
            {
                await Task.Delay(100);
            }
        }

        Assert.True(pending.Count == 0, $"not ready 60 s after Redis started: {string.Join(", ", pending)}\n{Host.Output}");
    }

    public async Task InitializeAsync()
    {
        Port = Ports.Free();
        var started = System.Diagnostics.Stopwatch.StartNew();
        host = await ServerProcess.StartAsync(
            [Comparison.Switch, $"--Compare:Port={Port.ToString(CultureInfo.InvariantCulture)}", $"--contentRoot={AppContext.BaseDirectory}"],
            new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}"),
            "/compare/api/setup",
            environment: "Development",
            patience: TimeSpan.FromMinutes(3));
        StartedIn = started.Elapsed;
    }

    // SIGTERM, not a kill: the host stops its instances and deletes its temporary directory.
    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync(TimeSpan.FromSeconds(20));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedComparison : ICollectionFixture<ComparisonFixture>
{
    public const string Name = "Comparison";
}
