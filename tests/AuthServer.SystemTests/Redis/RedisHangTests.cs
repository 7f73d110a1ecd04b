using System.Diagnostics;
using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.SystemTests.Infrastructure;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Redis;

/// <summary>A redis-server that keeps its connections open but answers nothing (SIGSTOP): the server must not hang.</summary>
[Collection(TimingSensitive.Name)]
public sealed class RedisHangTests(ITestOutputHelper output) : IAsyncLifetime
{
    private StoppableRedis redis = null!;

    public async Task InitializeAsync() => redis = await StoppableRedis.StartAsync();

    public async Task DisposeAsync()
    {
        if (StoppableRedis.RedisServerPath is not null)
        {
            await redis.SignalAsync(freeze: false);
        }

        await redis.DisposeAsync();
    }

    [SkippableFact]
    public async Task RedisSession_FrozenRedis_Answers503WithinASecond_ThenRecovers()
    {
        Installed.Require(SystemPrograms.RedisServer);
        using var server = new RedisStrategyServer(StrategyNames.RedisSession, new Dictionary<string, string?> { ["Redis:OperationTimeout"] = "00:00:00.5" }, redis: redis.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();
        var session = tokens.Str("access_token");

        await redis.SignalAsync(freeze: true);

        foreach (var path in new[] { "/profile", "/health/ready" })
        {
            var watch = Stopwatch.StartNew();
            var response = await api.SendAsync(HttpMethod.Get, path, session);
            output.WriteLine($"{path}: {(int)response.StatusCode} in {watch.ElapsedMilliseconds} ms");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{path} took {watch.ElapsedMilliseconds} ms");
        }

        await redis.SignalAsync(freeze: false);
        var recovery = Stopwatch.StartNew();
        while ((await api.GetProfileAsync(session)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(recovery.Elapsed < TimeSpan.FromSeconds(15), "no recovery after the thaw");
            await Task.Delay(100);
        }
    }

    [SkippableFact]
    public async Task JwtBlacklist_FrozenRedis_IsNoticedAndAnswered503_ThenRecovers()
    {
        Installed.Require(SystemPrograms.RedisServer);
        using var server = new RedisStrategyServer(StrategyNames.JwtBlacklist, new Dictionary<string, string?> { ["Redis:OperationTimeout"] = "00:00:00.5" }, redis: redis.ConnectionString);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();
        var token = tokens.Str("access_token");

        await redis.SignalAsync(freeze: true);

        // No connection drops: two once-a-second probes time out in a row and take the list out of sync.
        var watch = Stopwatch.StartNew();
        while ((await api.GetProfileAsync(token)).StatusCode != HttpStatusCode.ServiceUnavailable)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), "a frozen Redis was not noticed within 4 s");
            await Task.Delay(50);
        }

        output.WriteLine($"frozen Redis noticed after {watch.ElapsedMilliseconds} ms");
        await redis.SignalAsync(freeze: false);
        watch.Restart();
        while ((await api.GetProfileAsync(token)).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), "no recovery after the thaw");
            await Task.Delay(100);
        }

        output.WriteLine($"in sync again {watch.ElapsedMilliseconds} ms after the thaw");
    }
}
