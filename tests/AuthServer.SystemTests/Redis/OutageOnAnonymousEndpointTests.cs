using System.Diagnostics;
using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Redis;

/// <summary>
/// One behaviour for both bearer schemes when Redis is down: a request that merely carries a credential is served by an
/// endpoint that needs no authentication, and refused with 503 only where authentication is required.
/// </summary>
public sealed class OutageOnAnonymousEndpointTests : IAsyncLifetime
{
    private StoppableRedis redis = null!;

    public async Task InitializeAsync() => redis = await StoppableRedis.StartAsync();

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Theory]
    [InlineData(StrategyNames.RedisSession)]
    [InlineData(StrategyNames.JwtBlacklist)]
    public async Task WhileRedisIsDown_AnAnonymousEndpoint_AnswersACallerWithACredential(string strategy)
    {
        using var server = new RedisStrategyServer(strategy, new Dictionary<string, string?> { ["Redis:OperationTimeout"] = "00:00:00.5" }, redis: redis.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        // jwt-blacklist answers 503 until its revocation list is loaded, and keeps using it until it notices the outage:
        // start from a ready server, and judge the endpoints once the outage is noticed (as RedisOutageTests do).
        await WaitForReadyAsync(api, HttpStatusCode.OK);
        var (_, tokens) = await api.SignUpAsync();
        var credential = tokens.Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(credential)).StatusCode);

        await redis.StopAsync();
        await WaitForReadyAsync(api, HttpStatusCode.ServiceUnavailable);

        using var strategyRequest = new HttpRequestMessage(HttpMethod.Get, "/auth/strategy");
        strategyRequest.Headers.Authorization = new("Bearer", credential);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(strategyRequest)).StatusCode);
        using var liveRequest = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        liveRequest.Headers.Authorization = new("Bearer", credential);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(liveRequest)).StatusCode);

        var profile = await api.GetProfileAsync(credential);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, profile.StatusCode);
        Assert.True(profile.Headers.RetryAfter is not null, "a 503 carries Retry-After");
    }

    private static async Task WaitForReadyAsync(ApiClient api, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        while ((await api.Http.GetAsync("/health/ready")).StatusCode != expected)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"/health/ready never answered {(int)expected}");
            await Task.Delay(20);
        }
    }
}
