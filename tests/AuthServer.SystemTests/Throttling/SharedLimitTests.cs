using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Redis;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using AuthServer.Tests.Throttling;

namespace AuthServer.SystemTests.Throttling;

/// <summary>
/// Issue 10, "limits that hold across instances": two real server processes on one Redis share the login and
/// registration counts, so replicas do not multiply the limits; without Redis each instance counts its own; while
/// Redis is away the limits still hold, per instance.
/// </summary>
public sealed class SharedLimitTests
{
    private const string Wrong = "not the password";

    [Fact]
    public async Task TwoInstancesOnOneRedis_ShareTheLoginLimit()
    {
        var settings = Settings(redis: true, ("RateLimiting:LoginPermitLimit", "4"));
        await using var a = await ServerProcess.StartAsync(settings);
        await using var b = await ServerProcess.StartAsync(settings);
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var username = ApiClient.NewUsername("shared");

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await (i % 2 == 0 ? onA : onB).LoginAsync(username, Wrong)).StatusCode);
        }

        await LoginThrottleTests.AssertTooManyAsync(await onA.LoginAsync(username, Wrong), maxSeconds: 70);
        await LoginThrottleTests.AssertTooManyAsync(await onB.LoginAsync(username, Wrong), maxSeconds: 70);
    }

    [Fact]
    public async Task TwoInstancesOnOneRedis_ShareTheRegistrationAndAccountLimits()
    {
        var settings = Settings(redis: true, ("RateLimiting:RegisterPermitLimit", "3"), ("RateLimiting:AccountFailureLimit", "2"));
        await using var a = await ServerProcess.StartAsync(settings);
        await using var b = await ServerProcess.StartAsync(settings);
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var victim = ApiClient.NewUsername("victim");
        Assert.Equal(HttpStatusCode.Created, (await onA.RegisterAsync(victim)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await onB.RegisterAsync(ApiClient.NewUsername("reg"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await onA.RegisterAsync(ApiClient.NewUsername("reg"))).StatusCode);
        await LoginThrottleTests.AssertTooManyAsync(await onB.RegisterAsync(ApiClient.NewUsername("reg")), maxSeconds: 70 * 60);

        Assert.Equal(HttpStatusCode.Unauthorized, (await onA.LoginFromAsync("203.0.113.1", victim, Wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.LoginFromAsync("203.0.113.2", victim, Wrong)).StatusCode);
        await LoginThrottleTests.AssertTooManyAsync(await onA.LoginFromAsync("203.0.113.3", victim), maxSeconds: 70 * 60);
    }

    [Fact]
    public async Task WithoutRedis_EachInstanceCountsItsOwn()
    {
        var settings = Settings(redis: false, ("RateLimiting:LoginPermitLimit", "2"));
        await using var a = await ServerProcess.StartAsync(settings);
        await using var b = await ServerProcess.StartAsync(settings);
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var username = ApiClient.NewUsername("apart");

        await onA.LoginAsync(username, Wrong);
        await onA.LoginAsync(username, Wrong);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await onA.LoginAsync(username, Wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onB.LoginAsync(username, Wrong)).StatusCode);
    }

    [Fact]
    public async Task WhileRedisIsDown_LoginsWork_AndTheLimitsHoldOnTheInstance()
    {
        await using var redis = await StoppableRedis.StartAsync();
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Redis:KeyPrefix"] = RedisTestServer.NewKeyPrefix(),
            ["RateLimiting:LoginPermitLimit"] = "3",
        });
        var api = new ApiClient(server.CreateClient());
        var (known, _) = await api.SignUpAsync("outage");
        var username = ApiClient.NewUsername("outage");

        await redis.StopAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(username, Wrong)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.LoginAsync(username, Wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.LoginAsync(known)).StatusCode);
    }

    private static Dictionary<string, string?> Settings(bool redis, params (string Key, string Value)[] limits)
    {
        var directory = Directory.CreateTempSubdirectory("authserver-limits-").FullName;
        var settings = redis ? RedisTestServer.Settings(RedisTestServer.NewKeyPrefix()) : [];
        settings["Auth:Strategy"] = StrategyNames.StatelessJwt;
        settings["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey;
        settings["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(directory, "auth.db")}";
        foreach (var (key, value) in limits)
        {
            settings[key] = value;
        }

        return settings;
    }
}
