using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

    // Every check in the expected state: a Redis ping can fail before jwt-blacklist's revocation list learns of the outage
    // (its own check, and what the hot path goes by), so the overall status alone is not enough.
    private static async Task WaitForReadyAsync(ApiClient api, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        while (!await IsAsync(api, expected))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"/health/ready never answered {(int)expected} with every check agreeing");
            await Task.Delay(20);
        }
    }

    private static async Task<bool> IsAsync(ApiClient api, HttpStatusCode expected)
    {
        using var response = await api.Http.GetAsync("/health/ready");
        if (response.StatusCode != expected)
        {
            return false;
        }

        var status = expected == HttpStatusCode.OK ? "Healthy" : "Unhealthy";
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        return !checks.TryGetProperty("revocation-list", out var list) || list.GetProperty("status").GetString() == status;
    }
}
