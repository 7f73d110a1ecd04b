using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Compare;

/// <summary>The comparison host's own endpoints over plain HTTP: forwarding, the Redis switch, what it lets in.</summary>
[Collection(SharedComparison.Name)]
[Trait("Category", "Comparison")]
public sealed class ComparisonHostTests(ComparisonFixture comparison, ITestOutputHelper output)
{
    [Fact]
    public async Task Setup_ListsTwoLoopbackInstancesPerStrategy_AndARunningRedis()
    {
        await comparison.ReadyAsync();
        output.WriteLine($"the comparison answered {comparison.StartedIn.TotalSeconds:0.0} s after its process started");
        using var http = comparison.CreateClient();

        var setup = await http.GetFromJsonAsync<JsonElement>("/compare/api/setup");

        var strategies = setup.GetProperty("strategies").EnumerateArray().ToList();
        Assert.Equal([StrategyNames.StatelessJwt, StrategyNames.JwtRefresh, StrategyNames.JwtBlacklist, StrategyNames.RedisSession], strategies.Select(s => s.Str("name")));
        var addresses = strategies.SelectMany(s => new[] { s.GetProperty("instances").Str("a"), s.GetProperty("instances").Str("b") }).ToList();
        Assert.Equal(8, addresses.Distinct().Count());
        Assert.All(addresses, a => Assert.StartsWith("http://127.0.0.1:", a, StringComparison.Ordinal));
        Assert.True(setup.GetProperty("redis").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task Forwarder_CarriesTheCallAndTheAnswer_ToTheNamedInstance()
    {
        await comparison.ReadyAsync();
        using var http = comparison.CreateClient();
        var onA = new ApiClient(new HttpClient { BaseAddress = new Uri(comparison.BaseAddress, "/s/jwt-blacklist/a/") });
        var onB = new ApiClient(new HttpClient { BaseAddress = new Uri(comparison.BaseAddress, "/s/jwt-blacklist/b/") });
        var (username, tokens) = await SignUpAsync(onA);
        var credential = tokens.Str("access_token");

        using var profile = await onB.SendAsync(HttpMethod.Get, "profile", credential);
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(username, (await profile.Content.ReadFromJsonAsync<JsonElement>()).Str("username"));
        Assert.StartsWith("instance;dur=", profile.Headers.GetValues("Server-Timing").Single(), StringComparison.Ordinal);

        (await onA.SendAsync(HttpMethod.Post, "auth/logout", credential)).EnsureSuccessStatusCode();
        using var refused = await onB.SendAsync(HttpMethod.Get, "profile", credential);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("error_description=", refused.Headers.WwwAuthenticate.Single().ToString(), StringComparison.Ordinal);

        using var unknown = await http.GetAsync("/s/kerberos/a/profile");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/s/jwt-blacklist/c/profile")).StatusCode);

        // A path that reads as another host stays on the instance (there is no internet here: leaving would be a 502).
        using var elsewhere = await http.GetAsync("/s/jwt-blacklist/a///example.com/profile");
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);
    }

    [Fact]
    public async Task InstancesOfOneStrategy_ShareTheirSigningKey_AndOtherStrategiesDoNot()
    {
        var statelessA = new ApiClient(new HttpClient { BaseAddress = new Uri(comparison.BaseAddress, "/s/stateless-jwt/a/") });
        var (_, tokens) = await SignUpAsync(statelessA);
        var credential = tokens.Str("access_token");

        Assert.Equal(HttpStatusCode.OK, (await Profile("stateless-jwt", "b", credential)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Profile("jwt-refresh", "b", credential)).StatusCode);
    }

    [Fact]
    public async Task RedisSwitch_StopsAndStartsRedis_AndTheInstancesSeeAnOutageAndARecovery()
    {
        await comparison.ReadyAsync();
        using var http = comparison.CreateClient();
        var sessionA = new ApiClient(new HttpClient { BaseAddress = new Uri(comparison.BaseAddress, "/s/redis-session/a/") });
        var statelessA = new ApiClient(new HttpClient { BaseAddress = new Uri(comparison.BaseAddress, "/s/stateless-jwt/a/") });
        var session = (await SignUpAsync(sessionA)).Tokens.Str("access_token");
        var jwt = (await SignUpAsync(statelessA)).Tokens.Str("access_token");
        try
        {
            var stopped = await SwitchAsync(http, "stop");
            Assert.False(stopped.GetProperty("running").GetBoolean());
            Assert.False((await http.GetFromJsonAsync<JsonElement>("/compare/api/setup")).GetProperty("redis").GetProperty("running").GetBoolean());

            using var down = await Profile("redis-session", "b", session);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.True(down.Headers.Contains("Retry-After"));
            Assert.Equal(HttpStatusCode.OK, (await Profile("stateless-jwt", "b", jwt)).StatusCode);
        }
        finally
        {
            Assert.True((await SwitchAsync(http, "start")).GetProperty("running").GetBoolean());
        }

        // Redis came back from the snapshot it saved when it stopped: the session is still there.
        var recovered = await WithinAsync(TimeSpan.FromSeconds(30), async () => (await Profile("redis-session", "b", session)).StatusCode == HttpStatusCode.OK);
        Assert.True(recovered, "redis-session did not recover within 30 s of Redis starting");
    }

    [Fact]
    public async Task RedisSwitch_WithoutTheComparisonHeader_IsRefused()
    {
        await comparison.ReadyAsync();
        using var http = comparison.CreateClient();

        using var response = await http.PostAsync("/compare/api/redis/stop", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await http.GetFromJsonAsync<JsonElement>("/compare/api/setup")).GetProperty("redis").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task Page_IsServedWithItsSecurityHeaders()
    {
        using var http = comparison.CreateClient();

        using var page = await http.GetAsync("/compare");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/compare/index.html", page.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Host_AnswersOnlyLoopbackNames_OnLoopbackOnly()
    {
        using var http = comparison.CreateClient();
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/compare/api/setup");
        rebound.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.BadRequest, (await http.SendAsync(rebound)).StatusCode);

        // Bound to 127.0.0.1, so the machine's other addresses do not answer on that port.
        var outward = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
        output.WriteLine($"non-loopback addresses tried: {string.Join(", ", outward)}");
        foreach (var address in outward)
        {
            using var client = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync(address, comparison.Port));
        }
    }

    private static async Task<(string Username, JsonElement Tokens)> SignUpAsync(ApiClient client)
    {
        var username = ApiClient.NewUsername("compare");
        using var registered = await client.Http.PostAsJsonAsync("auth/register", new { username, password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        using var login = await client.Http.PostAsJsonAsync("auth/login", new { username, password = ApiClient.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        return (username, await login.Content.ReadFromJsonAsync<JsonElement>());
    }

    private async Task<HttpResponseMessage> Profile(string strategy, string instance, string credential)
    {
        var client = new ApiClient(comparison.CreateClient());
        return await client.SendAsync(HttpMethod.Get, $"/s/{strategy}/{instance}/profile", credential);
    }

    private static async Task<JsonElement> SwitchAsync(HttpClient http, string action)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/compare/api/redis/{action}");
        request.Headers.Add("X-Comparison", "1");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<bool> WithinAsync(TimeSpan patience, Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
