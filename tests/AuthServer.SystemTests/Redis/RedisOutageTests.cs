using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Redis;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Redis;

/// <summary>A real redis-server is killed under the running server and started again, empty, as after a crash.</summary>
[Collection(TimingSensitive.Name)]
public sealed class RedisOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(15);

    /// <summary>The production default, so the timings below are the ones a deployment gets.</summary>
    private static readonly Dictionary<string, string?> ProductionTimeout = new() { ["Redis:OperationTimeout"] = "00:00:00.5" };

    private StoppableRedis redis = null!;

    public async Task InitializeAsync() => redis = await StoppableRedis.StartAsync();

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task RedisSession_WhileRedisIsDown_Answers503Fast_ThenRecoversByItself()
    {
        using var server = new RedisStrategyServer(StrategyNames.RedisSession, ProductionTimeout, redis: redis.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync();
        var session = tokens.Str("access_token");

        // A login hashes the password before it needs Redis: time that part with a wrong password first.
        var hashing = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(username, "not the password")).StatusCode);
        hashing.Stop();

        await redis.StopAsync();

        await AssertUnavailableAsync(() => api.GetProfileAsync(session));
        await AssertUnavailableAsync(() => api.LogoutAsync(session));
        await AssertUnavailableAsync(() => api.LogoutAllAsync(session));
        await AssertUnavailableAsync(() => api.LoginAsync(username), hashing.Elapsed);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Http.GetAsync("/health/ready")).StatusCode);

        await redis.StartAgainAsync();
        await AssertRecoversAsync(api);
        // The restarted Redis came back empty: the old session is gone, a new sign-in works.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(session)).StatusCode);
        var again = await api.LoginOkAsync(username);
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(again.Str("access_token"))).StatusCode);
    }

    [Fact]
    public async Task JwtBlacklist_FailClosed_WhileRedisIsDown_Answers503_ThenRecoversKeepingRevocations()
    {
        using var server = new RedisStrategyServer(StrategyNames.JwtBlacklist, ProductionTimeout, redis: redis.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        await WaitUntilReadyAsync(api);
        var (username, revoked) = await api.SignUpAsync();
        var valid = await api.LoginOkAsync(username);
        (await api.LogoutAsync(revoked.Str("access_token"))).EnsureSuccessStatusCode();

        await redis.StopAsync();
        await AssertNoticedAsync(api);

        await AssertUnavailableAsync(() => api.GetProfileAsync(valid.Str("access_token")));
        await AssertUnavailableAsync(() => api.LogoutAsync(valid.Str("access_token")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(revoked.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Http.GetAsync("/health/ready")).StatusCode);

        await redis.StartAgainAsync();
        await AssertRecoversAsync(api);
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(valid.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(revoked.Str("access_token"))).StatusCode);
        // The instance wrote back what the empty Redis lost, so instances started later learn it too.
        Assert.Equal(1, await server.Inspect().SortedSetLengthAsync(server.KeyPrefix + "revoked:tokens"));
    }

    [Fact]
    public async Task JwtBlacklist_FailOpen_WhileRedisIsDown_AcceptsValidTokens_ButStillRefusesKnownRevocations()
    {
        using var server = new RedisStrategyServer(StrategyNames.JwtBlacklist, new Dictionary<string, string?>(ProductionTimeout) { ["Auth:RedisFailureMode"] = "fail-open" }, redis: redis.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        await WaitUntilReadyAsync(api);
        var (username, revoked) = await api.SignUpAsync();
        var valid = await api.LoginOkAsync(username);
        (await api.LogoutAsync(revoked.Str("access_token"))).EnsureSuccessStatusCode();

        await redis.StopAsync();
        await AssertNoticedAsync(api);

        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(valid.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(revoked.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Http.GetAsync("/health/ready")).StatusCode);
        await AssertUnavailableAsync(() => api.LogoutAllAsync(valid.Str("access_token")));

        await redis.StartAgainAsync();
        await AssertRecoversAsync(api);
    }

    [Theory]
    [InlineData(StrategyNames.StatelessJwt)]
    [InlineData(StrategyNames.JwtRefresh)]
    public async Task JwtStrategiesWithoutRevocation_NeedNoRedis_ItOnlySharesTheirLimits(string strategy)
    {
        // With ConnectionStrings:Redis set, the login limits are counted there; Redis down, they are counted here.
        await redis.StopAsync();
        using var server = new AuthServerFactory(strategy, new Dictionary<string, string?>(ProductionTimeout) { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        var api = new ApiClient(server.CreateClient());

        var (_, tokens) = await api.SignUpAsync();

        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(tokens.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/health/ready")).StatusCode);
        Assert.NotNull(server.Services.GetService<RedisConnection>());
    }

    private async Task AssertUnavailableAsync(Func<Task<HttpResponseMessage>> call, TimeSpan besides = default)
    {
        var watch = Stopwatch.StartNew();
        var response = await call();
        watch.Stop();
        output.WriteLine($"{response.RequestMessage?.RequestUri?.AbsolutePath}: {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(503, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
        Assert.True(watch.Elapsed < Answer + besides, $"503 took {watch.ElapsedMilliseconds} ms ({besides.TotalMilliseconds:0} ms of it not Redis's)");
    }

    /// <summary>
    /// jwt-blacklist learns of the outage from the dropped connection's event, a few milliseconds after the kill;
    /// until then nothing can have been revoked that it missed, since nobody could write to the dead Redis either.
    /// </summary>
    private async Task AssertNoticedAsync(ApiClient api)
    {
        var watch = Stopwatch.StartNew();
        while (await RevocationListStatusAsync(api) != "Unhealthy")
        {
            Assert.True(watch.Elapsed < Answer, $"the outage was not noticed within {Answer.TotalSeconds} s");
            await Task.Delay(10);
        }

        output.WriteLine($"outage noticed within {watch.ElapsedMilliseconds} ms");
    }

    private static async Task<string?> RevocationListStatusAsync(ApiClient api)
    {
        var health = await (await api.Http.GetAsync("/health/ready")).Content.ReadFromJsonAsync<JsonElement>();
        return health.GetProperty("checks").GetProperty("revocation-list").GetProperty("status").GetString();
    }

    // A loaded CI machine can take longer than the 0.5 s operation timeout to connect at first: start from a ready server.
    private static async Task WaitUntilReadyAsync(ApiClient api)
    {
        var watch = Stopwatch.StartNew();
        while ((await api.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "the server never became ready");
            await Task.Delay(100);
        }
    }

    private async Task AssertRecoversAsync(ApiClient api)
    {
        var watch = Stopwatch.StartNew();
        while ((await api.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < Recovery, $"not ready {Recovery.TotalSeconds} s after Redis came back");
            await Task.Delay(100);
        }

        output.WriteLine($"ready again {watch.ElapsedMilliseconds} ms after Redis came back (real redis-server: {StoppableRedis.RedisServerPath is not null})");
    }
}
