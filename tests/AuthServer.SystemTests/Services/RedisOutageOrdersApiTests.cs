using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Infrastructure;
using AuthServer.SystemTests.Redis;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Services;

/// <summary>
/// Redis dies under the auth server while the orders API asks it about credentials (introspection), or reads its
/// revocation list from it (jwt-blacklist with AuthServer:Redis): the orders API
/// answers 503 with <c>Retry-After</c> (never 401 for a credential that may be good, never a 500), and once Redis is
/// back it answers as <c>/profile</c> does.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class RedisOutageOrdersApiTests
{
    [SkippableTheory]
    [InlineData(StrategyNames.RedisSession, false)]
    [InlineData(StrategyNames.JwtBlacklist, false)]
    [InlineData(StrategyNames.JwtBlacklist, true)]
    public async Task RedisDown_UnderTheAuthServer_OrdersApiAnswers503_ThenAgreesWithProfile(string strategy, bool revocationList)
    {
        Installed.Require(SystemPrograms.RedisServer);
        await using var redis = await StoppableRedis.StartAsync();
        var settings = AuthServerProcess.Settings(strategy, "ES256", redis.ConnectionString);
        settings["Redis:OperationTimeout"] = "00:00:00.5";
        await using var server = await AuthServerProcess.StartAsync(settings);
        // With the revocation list the orders API reads the same Redis itself (fail-closed), else it asks the server.
        await using var factory = new OrdersApiFactory(server.BaseAddress, revocationList ? OrdersApiFactory.RevocationList(settings) : OrdersApiFactory.IntrospectionClient());
        var auth = new ApiClient(server.CreateClient());
        var orders = new ApiClient(factory.CreateClient());
        var (username, tokens) = await auth.SignUpAsync("redis-outage");
        var credential = tokens.Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await orders.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode);

        await redis.StopAsync();
        // Until the server (or the list) notices, the credential still works; never is it refused.
        var down = await PollAsync(() => orders.SendAsync(HttpMethod.Get, "/orders", credential), HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.NotNull(down.Headers.RetryAfter);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);

        await redis.StartAgainAsync();
        // The restarted Redis came back empty: a session died with it; a JWT never lived there.
        var expected = strategy == StrategyNames.JwtBlacklist ? HttpStatusCode.OK : HttpStatusCode.Unauthorized;
        var back = await PollAsync(() => orders.SendAsync(HttpMethod.Get, "/orders", credential), expected, HttpStatusCode.ServiceUnavailable);
        Assert.Equal(expected, back.StatusCode);
        // With its own list the orders API heals on its own schedule, which may be before the auth server's.
        Assert.Equal(expected, (await PollAsync(() => auth.GetProfileAsync(credential), expected, HttpStatusCode.ServiceUnavailable)).StatusCode);
        // Healed, not just answering: a logout made now reaches the orders API (the list subscribed again).
        var other = (await auth.LoginOkAsync(username)).Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await orders.SendAsync(HttpMethod.Get, "/orders", other)).StatusCode);
        (await auth.LogoutAsync(other)).EnsureSuccessStatusCode();
        var refused = await PollAsync(() => orders.SendAsync(HttpMethod.Get, "/orders", other), HttpStatusCode.Unauthorized, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    // jwt-blacklist notices a dead Redis within about two probes (a second each); sessions at the next call.
    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> call, HttpStatusCode wanted, HttpStatusCode meanwhile)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var response = await call();
            if (response.StatusCode == wanted || DateTime.UtcNow > deadline)
            {
                return response;
            }

            Assert.True(response.StatusCode == meanwhile, $"answered {(int)response.StatusCode} while waiting for {(int)wanted}");
            await Task.Delay(100);
        }
    }
}
