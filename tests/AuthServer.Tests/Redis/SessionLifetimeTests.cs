using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Redis;

/// <summary>redis-session's idle and absolute expiry, over a moved clock, against a real Redis.</summary>
public sealed class SessionLifetimeTests : IDisposable
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Absolute = TimeSpan.FromMinutes(30);

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly RedisStrategyServer server;
    private readonly ApiClient api;

    public SessionLifetimeTests()
    {
        server = new RedisStrategyServer(StrategyNames.RedisSession, new Dictionary<string, string?>
        {
            ["Auth:SessionIdleTimeout"] = Idle.ToString("c"),
            ["Auth:SessionAbsoluteTimeout"] = Absolute.ToString("c"),
        }, time);
        api = new ApiClient(server.CreateClient());
    }

    [Fact]
    public async Task Login_ExpiresInIsTheIdleTimeout()
    {
        var (_, tokens) = await api.SignUpAsync();

        Assert.Equal((long)Idle.TotalSeconds, tokens.GetProperty("expires_in").GetInt64());
    }

    [Fact]
    public async Task UnusedSession_ExpiresAfterTheIdleTimeout()
    {
        var (_, tokens) = await api.SignUpAsync();

        time.Advance(Idle + TimeSpan.FromSeconds(1));

        var response = await api.GetProfileAsync(tokens.Str("access_token"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsedSession_SlidesPastTheIdleTimeout()
    {
        var (_, tokens) = await api.SignUpAsync();
        var id = tokens.Str("access_token");

        time.Advance(Idle * 0.6);
        var first = await ExpiresAtAsync(id);
        time.Advance(Idle * 0.6);
        var second = await ExpiresAtAsync(id);

        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds() + (long)Idle.TotalSeconds, second.ToUnixTimeSeconds());
        Assert.True(second > first);
    }

    [Fact]
    public async Task Sliding_WritesToRedisOnlyOnceATenthOfTheIdleWindowHasPassed()
    {
        var (_, tokens) = await api.SignUpAsync();
        var id = tokens.Str("access_token");
        var key = StoredSession.Key(server.KeyPrefix, id);
        var created = (long)await server.Inspect().HashGetAsync(key, "seen");

        time.Advance(Idle * 0.05);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(id)).StatusCode);
        }

        Assert.Equal(created, (long)await server.Inspect().HashGetAsync(key, "seen"));
        time.Advance(Idle * 0.06);
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(id)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(id)).StatusCode);
        Assert.Equal(time.GetUtcNow().ToUnixTimeMilliseconds(), (long)await server.Inspect().HashGetAsync(key, "seen"));
    }

    [Fact]
    public async Task BusySession_EndsAtTheAbsoluteTimeout()
    {
        var (_, tokens) = await api.SignUpAsync();
        var id = tokens.Str("access_token");

        for (var used = TimeSpan.Zero; used < Absolute - Idle; used += Idle / 2)
        {
            time.Advance(Idle / 2);
            Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(id)).StatusCode);
        }

        // The profile's expires_at never promises more than the absolute cap.
        Assert.True(await ExpiresAtAsync(id) <= time.GetUtcNow() + Idle);
        time.Advance(Idle / 2);
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(id)).StatusCode);
        Assert.Equal(time.GetUtcNow().AddMinutes(5).ToUnixTimeSeconds(), (await ExpiresAtAsync(id)).ToUnixTimeSeconds());
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(id)).StatusCode);
    }

    public void Dispose() => server.Dispose();

    private async Task<DateTimeOffset> ExpiresAtAsync(string id)
    {
        var response = await api.GetProfileAsync(id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expires_at").GetDateTimeOffset();
    }
}
