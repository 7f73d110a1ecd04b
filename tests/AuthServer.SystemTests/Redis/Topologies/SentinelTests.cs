using System.Diagnostics;
using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Redis.Topologies;

/// <summary>Behind Sentinel, a revocation is answered 200 only once a replica holds it; and the server waits out Sentinels that are not there yet.</summary>
[Collection(TimingSensitive.Name)]
public sealed class SentinelTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> Timeouts = new()
    {
        ["Redis:OperationTimeout"] = "00:00:00.5",
        ["Redis:WaitTimeout"] = "00:00:00.2",
    };

    [SkippableTheory]
    [InlineData(StrategyNames.JwtBlacklist)]
    [InlineData(StrategyNames.RedisSession)]
    public async Task Logout_WhileNoReplicaConfirmsIt_Answers503WithRetryAfter_NeverA200(string strategy)
    {
        RedisTopologies.RequireSentinel(0);
        using var group = await RedisTopologies.StartSentinelGroupAsync(replicas: 1);
        using var server = new RedisStrategyServer(strategy, Timeouts, redis: group.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        var (username, first) = await api.SignUpAsync();
        var second = await api.LoginOkAsync(username);
        var replica = group.NodePorts.Single(p => p != group.FirstPrimaryPort);

        await group.FreezeAsync(replica, freeze: true);
        HttpResponseMessage refused;
        var watch = Stopwatch.StartNew();
        try
        {
            refused = await api.LogoutAsync(first.Str("access_token"));
        }
        finally
        {
            await group.FreezeAsync(replica, freeze: false);
        }

        output.WriteLine($"{strategy}: logout with its replica frozen answered {(int)refused.StatusCode} in {watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"the 503 took {watch.ElapsedMilliseconds} ms");
        // The replica answers again: the next revocation is confirmed and answered 200.
        Assert.Equal(HttpStatusCode.OK, (await api.LogoutAsync(second.Str("access_token"))).StatusCode);
    }

    [SkippableTheory]
    [InlineData(StrategyNames.JwtBlacklist)]
    [InlineData(StrategyNames.RedisSession)]
    public async Task AReplicaLost_IsNotAnOutage_WhileAnotherConfirms(string strategy)
    {
        RedisTopologies.RequireSentinel(0);
        using var group = await RedisTopologies.StartSentinelGroupAsync(replicas: 2);
        var logs = new CapturingLoggerProvider();
        using var server = new RedisStrategyServer(strategy, Timeouts, redis: group.ConnectionString) { Logs = logs };
        var api = new ApiClient(server.CreateClient());
        var (username, tokens) = await api.SignUpAsync();
        var credential = tokens.Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(credential)).StatusCode);
        var before = logs.Entries.Count;

        group.Kill(group.NodePorts.First(p => p != group.FirstPrimaryPort));
        var statuses = new List<HttpStatusCode>();
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            statuses.Add((await api.GetProfileAsync(credential)).StatusCode);
            await Task.Delay(10);
        }

        output.WriteLine($"{strategy}: {statuses.Count(s => s == HttpStatusCode.OK)} of {statuses.Count} /profile answers were 200 in the 3 s after a replica was killed");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        // jwt-blacklist: its revocation list never even briefly counted it as a loss of sync (1401), so no 503 could slip in.
        Assert.DoesNotContain(logs.Entries.Skip(before), e => e.EventId == 1401);
        Assert.Equal(HttpStatusCode.OK, (await api.LogoutAsync((await api.LoginOkAsync(username)).Str("access_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task SentinelsUnreachableAtStart_Answers503_ThenConnectsByItself()
    {
        RedisTopologies.RequireSentinel(0);
        using var group = await RedisTopologies.StartSentinelGroupAsync(replicas: 1);
        foreach (var sentinel in group.SentinelPorts)
        {
            await group.FreezeAsync(sentinel, freeze: true);
        }

        using var server = new RedisStrategyServer(StrategyNames.RedisSession, Timeouts, redis: group.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.Http.GetAsync("/health/ready")).StatusCode);
            var watch = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.GetProfileAsync("AAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")).StatusCode);
            output.WriteLine($"with every Sentinel frozen, a session lookup answered 503 in {watch.ElapsedMilliseconds} ms");
        }
        finally
        {
            foreach (var sentinel in group.SentinelPorts)
            {
                await group.FreezeAsync(sentinel, freeze: false);
            }
        }

        var since = Stopwatch.StartNew();
        while ((await api.Http.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(since.Elapsed < TimeSpan.FromSeconds(15), "not ready 15 s after the Sentinels came back");
            await Task.Delay(100);
        }

        output.WriteLine($"ready {since.ElapsedMilliseconds} ms after the Sentinels came back");
        var (_, tokens) = await api.SignUpAsync();
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(tokens.Str("access_token"))).StatusCode);
    }
}
