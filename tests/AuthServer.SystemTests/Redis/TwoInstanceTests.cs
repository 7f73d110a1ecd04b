using System.Diagnostics;
using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Redis;

/// <summary>Two real AuthServer processes sharing one Redis (and one SQLite file), as behind a load balancer.</summary>
[Collection(TimingSensitive.Name)]
public sealed class TwoInstanceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(1);

    [Theory]
    [InlineData(StrategyNames.JwtBlacklist)]
    [InlineData(StrategyNames.RedisSession)]
    public async Task CredentialFromA_WorksOnB_AndALogoutOnA_IsRefusedOnB(string strategy)
    {
        var settings = Settings(strategy);
        await using var a = await StartAsync(settings);
        await using var b = await StartAsync(settings);
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var (_, tokens) = await onA.SignUpAsync();
        var credential = tokens.Str("access_token");

        Assert.Equal(HttpStatusCode.OK, (await onB.GetProfileAsync(credential)).StatusCode);
        (await onA.LogoutAsync(credential)).EnsureSuccessStatusCode();

        var (delay, accepted) = await RefusedWithinAsync(onB, credential);
        output.WriteLine($"{strategy}: refused on B {delay.TotalMilliseconds:0.0} ms after A answered the logout ({accepted} requests accepted before)");
    }

    [Theory]
    [InlineData(StrategyNames.JwtBlacklist)]
    [InlineData(StrategyNames.RedisSession)]
    public async Task LogoutAllOnB_RefusesEveryCredentialOnA(string strategy)
    {
        var settings = Settings(strategy);
        await using var a = await StartAsync(settings);
        await using var b = await StartAsync(settings);
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var (username, first) = await onA.SignUpAsync();
        var second = await onA.LoginOkAsync(username);

        (await onB.LogoutAllAsync(second.Str("access_token"))).EnsureSuccessStatusCode();

        await RefusedWithinAsync(onA, first.Str("access_token"));
        await RefusedWithinAsync(onA, second.Str("access_token"));
        var again = await onB.LoginOkAsync(username);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetProfileAsync(again.Str("access_token"))).StatusCode);
    }

    [Fact]
    public async Task JwtBlacklist_RevocationReachesTheOtherInstanceFast_AndALaterInstanceLoadsIt()
    {
        var settings = Settings(StrategyNames.JwtBlacklist);
        await using var a = await StartAsync(settings);
        await using var b = await StartAsync(settings);
        var onA = new ApiClient(a.CreateClient());
        var onB = new ApiClient(b.CreateClient());
        var (username, _) = await onA.SignUpAsync();
        var delays = new List<double>();
        var acceptedAfterLogout = 0;
        string? last = null;
        for (var i = 0; i < 20; i++)
        {
            last = (await onA.LoginOkAsync(username)).Str("access_token");
            Assert.Equal(HttpStatusCode.OK, (await onB.GetProfileAsync(last)).StatusCode);
            (await onA.LogoutAsync(last)).EnsureSuccessStatusCode();
            var (delay, accepted) = await RefusedWithinAsync(onB, last);
            delays.Add(delay.TotalMilliseconds);
            acceptedAfterLogout += accepted;
        }

        delays.Sort();
        output.WriteLine($"logout on A → refused on B: median {delays[10]:0.0} ms, max {delays[^1]:0.0} ms over {delays.Count} (one HTTP round trip included); {acceptedAfterLogout} requests accepted after a logout");
        await using var c = await StartAsync(settings);
        Assert.Equal(HttpStatusCode.Unauthorized, (await new ApiClient(c.CreateClient()).GetProfileAsync(last)).StatusCode);
    }

    /// <summary>Settings for instances that share one SQLite file and one Redis (the shared one unless named) under a prefix of their own.</summary>
    internal static Dictionary<string, string?> Settings(string strategy, string? redis = null)
    {
        var directory = Directory.CreateTempSubdirectory("authserver-two-").FullName;
        var settings = RedisTestServer.Settings(RedisTestServer.NewKeyPrefix(), redis);
        settings["Auth:Strategy"] = strategy;
        settings["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey;
        settings["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(directory, "auth.db")}";
        settings["RateLimiting:LoginPermitLimit"] = "1000";
        settings["Redis:OperationTimeout"] = "00:00:05";
        return settings;
    }

    internal static async Task<ServerProcess> StartAsync(Dictionary<string, string?> settings)
    {
        var server = await ServerProcess.StartAsync(settings);
        using var http = server.CreateClient();
        var watch = Stopwatch.StartNew();
        while ((await http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"not ready:\n{server.Output}");
            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>How long after the call until <paramref name="api"/> refuses the credential; fails past the bound.</summary>
    internal static async Task<(TimeSpan Delay, int Accepted)> RefusedWithinAsync(ApiClient api, string credential)
    {
        var watch = Stopwatch.StartNew();
        for (var accepted = 0; ; accepted++)
        {
            var status = (await api.GetProfileAsync(credential)).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                return (watch.Elapsed, accepted);
            }

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(watch.Elapsed < PropagationBound, $"still accepted {watch.ElapsedMilliseconds} ms later");
        }
    }
}
