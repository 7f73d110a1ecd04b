using AuthServer.SystemTests.Infrastructure;
using AuthServer.Tests.Infrastructure;
using LoadTests;
using LoadTests.Load;

namespace AuthServer.SystemTests.LoadTests;

/// <summary>The load tests' scenario runner against a real server: short runs whose recorded numbers must be sane.</summary>
[Collection(TimingSensitive.Name)]
public sealed class ScenarioRunnerTests
{
    [Fact]
    public async Task RefreshRotation_ShortRun_RecordsSaneNumbers()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = "jwt-refresh",
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["RateLimiting:LoginPermitLimit"] = "100000",
        });

        var result = await ScenarioRunner.RunRefreshRotationAsync(server.BaseAddress, TimeSpan.FromSeconds(2), concurrency: 2);

        Assert.True(result.Succeeded > 0, "No rotation succeeded.");
        Assert.Equal(0, result.Failed);
        Assert.InRange(result.RatePerSecond, result.Succeeded / result.Seconds * 0.9, result.Succeeded / result.Seconds * 1.1);
        Assert.True(result.Latency.P50Ms > 0);
        Assert.True(result.Latency.P50Ms <= result.Latency.P99Ms);
        Assert.True(result.Latency.P99Ms <= result.Latency.MaxMs);
        Assert.Equal(result.Succeeded, result.Statuses.GetValueOrDefault("200"));
    }

    [Fact]
    public async Task RevocationDelay_UnderJwtRefresh_ReportsTheCredentialStillAccepted()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = "jwt-refresh",
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["RateLimiting:LoginPermitLimit"] = "100000",
        });

        var result = await ScenarioRunner.RunRevocationDelayAsync(server.BaseAddress, server.BaseAddress, 3, TimeSpan.FromMilliseconds(300));

        // jwt-refresh cannot refuse an access token before exp: the runner must record that, not a delay.
        Assert.Equal(3, result.Samples);
        Assert.Equal(0, result.Refused);
        Assert.Equal(3, result.StillAccepted);
        Assert.Equal(0, result.SetupFailures);
    }

    [SkippableFact]
    public async Task PostgresPhase_QuickRun_MeasuresRotationLoginsCommitsAndRevocationOnThreeInstances()
    {
        Installed.Require(SystemPrograms.PostgresServer);
        var work = Directory.CreateTempSubdirectory("authserver-pgphase-").FullName;
        var settings = new PostgresPhaseSettings(
            Path.Combine(AppContext.BaseDirectory, "AuthServer.dll"), AuthServerFactory.TestSigningKey, work, "0", Environment.ProcessorCount > 1 ? "1" : "0",
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), RevocationSamples: 1, PollLimit: TimeSpan.FromMilliseconds(300));

        var result = await PostgresPhase.RunAsync(settings, progress: null, CancellationToken.None);

        Assert.True(result.Status == "ok", $"{result.Status}: {result.Failure}");
        Assert.Empty(result.Errors);
        Assert.Contains("fsync=on", result.Server, StringComparison.Ordinal);
        Assert.True(result.Refresh is { Succeeded: > 0, Failed: 0 }, $"rotations: {result.Refresh?.Succeeded} ok, {result.Refresh?.Failed} failed");
        Assert.True(result.Login is { Succeeded: > 0, Failed: 0 });
        Assert.InRange(result.RefreshServerCpuPct ?? -1, 1, 100);
        Assert.InRange(result.RefreshPostgresCpuPct ?? -1, 1, 100);
        Assert.Equal([1, 8], result.Commits.Select(c => c.Clients));
        Assert.All(result.Commits, c => Assert.True(c.CommitsPerSecond > 0));
        Assert.Equal((1, 1, 1, 1), (result.RevocationB!.RefreshChecked, result.RevocationB.RefreshRefused, result.RevocationC!.RefreshChecked, result.RevocationC.RefreshRefused));
    }
}
