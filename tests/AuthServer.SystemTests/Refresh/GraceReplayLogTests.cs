using AuthServer.SystemTests.Metrics;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Refresh;

/// <summary>A replay of the refresh token just rotated, within <c>Auth:RefreshReuseGrace</c>, is logged and counted like any other refresh event.</summary>
public sealed class GraceReplayLogTests
{
    [Fact]
    public async Task ReplayWithinGrace_IsLoggedAndCounted()
    {
        // A process of its own: its meter counts its requests only, and its log says what it did.
        await using var process = await ServerProcess.StartAsync(
            new Dictionary<string, string?>
            {
                ["Auth:Strategy"] = "jwt-refresh",
                ["Auth:RefreshReuseGrace"] = "00:00:10",
                ["contentRoot"] = AppContext.BaseDirectory,
                ["Logging:LogLevel:AuthServer.Strategies.Refresh"] = "Information",
            },
            environment: "Development");
        var client = new ApiClient(process.CreateClient());
        var (_, tokens) = await client.SignUpAsync("grace");
        var first = tokens.Str("refresh_token");
        (await client.RefreshAsync(first)).EnsureSuccessStatusCode();

        (await client.RefreshAsync(first)).EnsureSuccessStatusCode();

        var scrape = new PrometheusScrape(await client.Http.GetStringAsync("/metrics"));
        Assert.Equal(1, scrape.Sum("authserver_refresh_grace_replays_total"));
        Assert.Equal(1, scrape.Sum("authserver_refresh_rotations_total"));
        Assert.Contains("[1204]", process.Output, StringComparison.Ordinal);
    }
}
