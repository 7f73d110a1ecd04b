using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Introspection;

/// <summary>An expired credential is inactive, on the same clock <c>/profile</c> refuses it by (moved, not slept).</summary>
public sealed class IntrospectionTimeTests
{
    [Theory]
    [InlineData(StrategyNames.StatelessJwt)]
    [InlineData(StrategyNames.JwtRefresh)]
    [InlineData(StrategyNames.JwtBlacklist)]
    [InlineData(StrategyNames.RedisSession)]
    public async Task ExpiredCredential_IsInactive_AndRefusedByProfile(string strategy)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var server = strategy is StrategyNames.JwtBlacklist or StrategyNames.RedisSession
            ? new RedisStrategyServer(strategy, IntrospectionCaller.Settings(), time)
            : new AuthServerFactory(strategy, IntrospectionCaller.Settings(), time);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync("expiry");
        var credential = tokens.Str("access_token");
        Assert.True(IntrospectionCaller.IsActiveAccessCredential(await IntrospectionCaller.IntrospectOkAsync(api.Http, credential)));

        // Past exp (or the session's idle end) and the 30 s skew the JWT strategies allow.
        time.Advance(TimeSpan.FromSeconds(tokens.GetProperty("expires_in").GetInt64() + 31));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(credential)).StatusCode);
        Assert.Equal("{\"active\":false}", (await IntrospectionCaller.IntrospectOkAsync(api.Http, credential)).GetRawText());
    }

    [Fact]
    public async Task ExpiredRefreshToken_IsInactive()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var settings = IntrospectionCaller.Settings();
        settings["Auth:RefreshTokenLifetime"] = "01:00:00";
        using var server = new AuthServerFactory(StrategyNames.JwtRefresh, settings, time);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync("expiry");

        time.Advance(TimeSpan.FromMinutes(61));

        Assert.Equal("{\"active\":false}", (await IntrospectionCaller.IntrospectOkAsync(api.Http, tokens.Str("refresh_token"))).GetRawText());
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(tokens.Str("refresh_token"))).StatusCode);
    }
}
