using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Metrics;

/// <summary>
/// A scripted session against a real server process (its own meter, nobody else's requests), then the
/// counts read back from <c>/metrics</c> as Prometheus would.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Password = "correct-horse-battery";

    [Fact]
    public async Task Metrics_AfterScriptedSession_CountEachEvent()
    {
        await using var server = await DevelopmentServer.StartAsync(StrategyNames.JwtRefresh);
        using var http = server.CreateClient();
        var username = $"metrics-{Guid.NewGuid():N}"[..20];

        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync("/auth/register", new { username, password = Password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/auth/login", new { username, password = "wrong-password" })).StatusCode);
        var first = await LoginAsync(http, username);

        Assert.Equal(HttpStatusCode.OK, (await GetProfileAsync(http, first.Access)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetProfileAsync(http, first.Access[..^2] + "xx")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetProfileAsync(http, null)).StatusCode);

        var rotated = await http.PostAsJsonAsync("/auth/refresh", new { refresh_token = first.Refresh });
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/auth/refresh", new { refresh_token = first.Refresh })).StatusCode);

        var second = await LoginAsync(http, username);
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", second.Access);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(logout)).StatusCode);

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

    private static async Task<(string Access, string Refresh)> LoginAsync(HttpClient http, string username)
    {
        var response = await http.PostAsJsonAsync("/auth/login", new { username, password = Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (body.RootElement.GetProperty("access_token").GetString()!, body.RootElement.GetProperty("refresh_token").GetString()!);
    }

    private static Task<HttpResponseMessage> GetProfileAsync(HttpClient http, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/profile");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http.SendAsync(request);
    }
}