using System.Diagnostics;
using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Redis;

/// <summary>
/// CONTRACT, jwt-blacklist logout-all: "every token issued before it refused, however many logout-alls and logins
/// share one second". The clocks are frozen, so everything happens in one second (one millisecond, even); two
/// instances on one Redis get clocks seconds apart, as replicas may.
/// </summary>
public sealed class LogoutAllTieTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, 500, TimeSpan.Zero);

    [Fact]
    public async Task LogoutAllsAndLoginsInOneFrozenSecond_RefuseEveryEarlierToken()
    {
        using var server = new RedisStrategyServer(StrategyNames.JwtBlacklist, time: new FakeTimeProvider(Start));
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync("tie");
        var issued = new List<string> { tokens.Str("access_token") };

        for (var round = 0; round < 5; round++)
        {
            (await api.LogoutAllAsync(issued[^1])).EnsureSuccessStatusCode();
            foreach (var earlier in issued)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(earlier)).StatusCode);
            }

            issued.Add((await api.LoginOkAsync(username)).Str("access_token"));
            Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(issued[^1])).StatusCode);
        }

        (await api.AdminRevokeAsync(await AdminAsync(api), username)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(issued[^1])).StatusCode);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(-5)]
    public async Task TwoInstancesWithClocksApart_LoginOnOneThenLogoutAllOnTheOther_RefusesTheToken(int secondsBApart)
    {
        var prefix = RedisTestServer.NewKeyPrefix();
        var database = Path.Combine(Directory.CreateTempSubdirectory("authserver-tie-").FullName, "auth.db");
        using var a = Instance(prefix, database, new FakeTimeProvider(Start));
        using var b = Instance(prefix, database, new FakeTimeProvider(Start.AddSeconds(secondsBApart)));
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var (username, first) = await onA.SignUpAsync("skew");
        var issued = new List<string> { first.Str("access_token") };

        for (var round = 0; round < 3; round++)
        {
            // A login on one instance, then a logout-all on the other: every token so far is dead on both.
            issued.Add((await onB.LoginOkAsync(username)).Str("access_token"));
            (await onA.LogoutAllAsync(issued[^1])).EnsureSuccessStatusCode();
            foreach (var earlier in issued)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await onA.GetProfileAsync(earlier)).StatusCode);
                await RefusedSoonAsync(onB, earlier);
            }

            // And the other way round.
            issued.Add((await onA.LoginOkAsync(username)).Str("access_token"));
            Assert.Equal(HttpStatusCode.OK, (await onB.GetProfileAsync(issued[^1])).StatusCode);
            (await onB.LogoutAllAsync(issued[^1])).EnsureSuccessStatusCode();
            foreach (var earlier in issued)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await onB.GetProfileAsync(earlier)).StatusCode);
                await RefusedSoonAsync(onA, earlier);
            }
        }

        // A login after the last logout-all works on both, whichever clock issued it.
        var after = (await onB.LoginOkAsync(username)).Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await onA.GetProfileAsync(after)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetProfileAsync(after)).StatusCode);
    }

    private static AuthServerFactory Instance(string prefix, string database, FakeTimeProvider time)
    {
        var settings = RedisTestServer.Settings(prefix);
        settings["ConnectionStrings:Sqlite"] = $"Data Source={database}";
        settings["Redis:OperationTimeout"] = "00:00:05";
        return new AuthServerFactory(StrategyNames.JwtBlacklist, settings, time);
    }

    // The other instance hears of a logout-all through pub/sub: within milliseconds, bounded here at one second.
    private static async Task RefusedSoonAsync(ApiClient api, string credential)
    {
        var watch = Stopwatch.StartNew();
        while ((await api.GetProfileAsync(credential)).StatusCode != HttpStatusCode.Unauthorized)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), "a token issued before the logout-all was still accepted a second later");
            await Task.Delay(10);
        }
    }

    private static async Task<string> AdminAsync(ApiClient api)
    {
        return (await api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
    }
}
