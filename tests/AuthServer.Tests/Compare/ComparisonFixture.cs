using System.Globalization;
using AuthServer.Compare;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Compare;

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

    public async Task InitializeAsync()
    {
        Port = ServerProcess.FreePort();
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
