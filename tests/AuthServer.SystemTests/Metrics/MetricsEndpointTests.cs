using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Infrastructure;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Metrics;

/// <summary>
/// A scripted session against a real server process (its own meter, nobody else's requests), then the
/// counts read back from <c>/metrics</c> as Prometheus would.
/// </summary>
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterScriptedSession_CountEachEvent()
    {
        await using var server = await DevelopmentServer.StartAsync(StrategyNames.JwtRefresh);
        using var http = server.CreateClient();
        var api = new ApiClient(http);
        var username = ApiClient.NewUsername("metrics");

        Assert.Equal(HttpStatusCode.Created, (await api.RegisterAsync(username)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(username, "wrong-password")).StatusCode);
        var first = await api.LoginOkAsync(username);
        var access = first.Str("access_token");

        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(access)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(access[..^2] + "xx")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(null)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.RefreshAsync(first.Str("refresh_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(first.Str("refresh_token"))).StatusCode);

        var second = await api.LoginOkAsync(username);
        Assert.Equal(HttpStatusCode.OK, (await api.LogoutAsync(second.Str("access_token"))).StatusCode);

        var scrape = new PrometheusScrape(await http.GetStringAsync("/metrics"));
        var strategy = ("strategy", StrategyNames.JwtRefresh);
        Assert.Equal(2, scrape.Sum("authserver_logins_total", strategy, ("result", "success")));
        Assert.Equal(1, scrape.Sum("authserver_logins_total", strategy, ("result", "bad_credentials")));
        // Credentials sent: /profile once and /auth/logout once accepted; one bad signature; one /profile without any.
        Assert.Equal(2, scrape.Sum("authserver_authentications_total", strategy, ("result", "success")));
        Assert.Equal(1, scrape.Sum("authserver_authentications_total", strategy, ("result", "bad_signature")));
        Assert.Equal(1, scrape.Sum("authserver_authentications_total", strategy, ("result", "missing_credential")));
        Assert.Equal(4, scrape.Sum("authserver_authentications_total", strategy));
        Assert.Equal(1, scrape.Sum("authserver_refresh_rotations_total", strategy));
        Assert.Equal(1, scrape.Sum("authserver_refresh_reuse_detections_total", strategy));
        Assert.Equal(1, scrape.Sum("authserver_signouts_total", strategy, ("kind", "logout"), ("revoked", "true")));
        // jwt-refresh never asks whether an access token was revoked: that is its trade-off.
        Assert.Equal(0, scrape.Sum("authserver_revocation_checks_total"));
    }
}
