using System.Net;
using AuthServer.Strategies.Blacklist;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Redis;

/// <summary>jwt-blacklist keeps a revocation only while the token it covers could still be accepted.</summary>
public sealed class RevocationMemoryTests : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly RedisStrategyServer server;
    private readonly ApiClient api;

    public RevocationMemoryTests()
    {
        server = new RedisStrategyServer(StrategyNames.JwtBlacklist, new Dictionary<string, string?> { ["Auth:AccessTokenLifetime"] = Lifetime.ToString("c") }, time);
        api = new ApiClient(server.CreateClient());
    }

    [Fact]
    public async Task Revocations_AreForgottenOnceTheirTokensHaveExpired_HereAndInRedis()
    {
        var (username, first) = await api.SignUpAsync();
        (await api.LogoutAsync(first.Str("access_token"))).EnsureSuccessStatusCode();
        var second = await api.LoginOkAsync(username);
        (await api.LogoutAllAsync(second.Str("access_token"))).EnsureSuccessStatusCode();
        var list = server.Services.GetRequiredService<RevocationList>();
        Assert.Equal((1, 1), (list.TokenCount, list.GenerationCount));

        // Still refused within the clock skew after exp, then gone.
        time.Advance(Lifetime + Skew - TimeSpan.FromSeconds(1));
        Assert.Equal(0, list.Prune());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(2, list.Prune());

        var (_, third) = await api.SignUpAsync();
        (await api.LogoutAsync(third.Str("access_token"))).EnsureSuccessStatusCode();
        Assert.Equal(1, await server.Inspect().SortedSetLengthAsync(server.KeyPrefix + "revoked:tokens"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(third.Str("access_token"))).StatusCode);
    }

    [Fact]
    public async Task LogoutAll_RefusesTokensOfThatSecond_ButNotTheNextLogin()
    {
        var (username, first) = await api.SignUpAsync();
        var second = await api.LoginOkAsync(username);

        (await api.LogoutAllAsync(first.Str("access_token"))).EnsureSuccessStatusCode();
        var after = await api.LoginOkAsync(username);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(second.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(after.Str("access_token"))).StatusCode);
    }

    public void Dispose() => server.Dispose();
}
