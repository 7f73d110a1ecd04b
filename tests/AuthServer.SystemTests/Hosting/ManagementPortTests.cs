using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Hosting;

/// <summary>
/// CONTRACT: <c>/metrics</c> "Prometheus text on the management port; in Development also on the public URLs; outside
/// Development never there (404)". And what /health/ready tells anyone outside Development: no revocation counts.
/// </summary>
public sealed class ManagementPortTests
{
    [Fact]
    public async Task Production_WithoutAManagementPort_ServesNoMetricsAtAll()
    {
        await using var server = await ServerProcess.StartAsync(Settings());
        using var http = server.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Production_WithAManagementPort_ServesMetricsThereOnly_WhateverTheHostHeader()
    {
        var port = Ports.Free();
        var settings = Settings();
        settings["Management:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var server = await ServerProcess.StartAsync(settings);
        using var http = server.CreateClient();
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var scrape = await management.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.Contains("# TYPE", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await management.GetAsync("/auth/strategy")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/auth/strategy")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/metrics")).StatusCode);
        using var spoofed = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        spoofed.Headers.Host = $"127.0.0.1:{port}";
        Assert.Equal(HttpStatusCode.NotFound, (await http.SendAsync(spoofed)).StatusCode);
    }

    [Fact]
    public async Task BadManagementPort_StopsTheServer_NamingTheKey()
    {
        var settings = Settings();
        settings["Management:Port"] = "70000";

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.Equal(1, exitCode);
        Assert.Contains("Management:Port", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthReady_OutsideDevelopment_TellsNoRevocationCounts()
    {
        var settings = Settings();
        settings["Auth:Strategy"] = StrategyNames.JwtBlacklist;
        foreach (var (key, value) in RedisTestServer.Settings(RedisTestServer.NewKeyPrefix()))
        {
            settings[key] = value;
        }

        await using var production = await ServerProcess.StartAsync(settings);
        using var development = new RedisStrategyServer(StrategyNames.JwtBlacklist);

        var hidden = await production.CreateClient().GetStringAsync("/health/ready");
        var shown = await development.CreateClient().GetStringAsync("/health/ready");

        Assert.Contains("In sync.", hidden, StringComparison.Ordinal);
        Assert.DoesNotContain("revoked tokens", hidden, StringComparison.Ordinal);
        Assert.Contains("revoked tokens", shown, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings() => new()
    {
        ["Auth:Strategy"] = StrategyNames.StatelessJwt,
        ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
        ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(Directory.CreateTempSubdirectory("authserver-mgmt-").FullName, "auth.db")}",
    };
}
