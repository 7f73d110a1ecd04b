using System.Diagnostics;
using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Redis;

/// <summary>
/// What <c>fail-open</c> means for an instance that starts while Redis is down, as docs/security.md states it: it knows
/// no revocation, so it accepts a revoked token until Redis is back; then it refuses it at once, even when Redis came
/// back empty, because a surviving instance writes back what it knows and publishes it.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class FailOpenRestartTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> FailOpen = new()
    {
        ["Auth:RedisFailureMode"] = RedisFailureModes.FailOpen,
        ["Redis:OperationTimeout"] = "00:00:00.5",
    };

    private StoppableRedis redis = null!;

    public async Task InitializeAsync() => redis = await StoppableRedis.StartAsync();

    public async Task DisposeAsync() => await redis.DisposeAsync();

    [Fact]
    public async Task InstanceStartedWhileRedisIsDown_AcceptsARevokedToken_UntilRedisIsBack_EvenEmpty()
    {
        var prefix = RedisTestServer.NewKeyPrefix();
        using var survivor = Instance(prefix);
        var onSurvivor = new ApiClient(survivor.CreateClient());
        var (_, tokens) = await onSurvivor.SignUpAsync("failopen");
        var revoked = tokens.Str("access_token");
        (await onSurvivor.LogoutAsync(revoked)).EnsureSuccessStatusCode();

        await redis.StopAsync();
        using var restarted = Instance(prefix);
        var onRestarted = new ApiClient(restarted.CreateClient());

        // The documented weakness: the new instance has nothing to check against, and fail-open accepts.
        Assert.Equal(HttpStatusCode.OK, (await onRestarted.GetProfileAsync(revoked)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSurvivor.GetProfileAsync(revoked)).StatusCode);

        await redis.StartAgainAsync();
        var watch = Stopwatch.StartNew();
        while ((await onRestarted.GetProfileAsync(revoked)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "the restarted instance never learnt the revocation");
            await Task.Delay(100);
        }
    }

    private RedisStrategyServer Instance(string prefix)
    {
        var settings = new Dictionary<string, string?>(FailOpen) { ["Redis:KeyPrefix"] = prefix };
        return new RedisStrategyServer(StrategyNames.JwtBlacklist, settings, redis: redis.ConnectionString);
    }
}
