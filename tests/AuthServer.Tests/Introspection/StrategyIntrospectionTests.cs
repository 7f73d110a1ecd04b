using System.Net;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;

namespace AuthServer.Tests.Introspection;

public sealed class IntrospectingStatelessServer() : AuthServerFactory(StrategyNames.StatelessJwt, IntrospectionCaller.Settings());

public sealed class IntrospectingRefreshServer() : AuthServerFactory(StrategyNames.JwtRefresh, IntrospectionCaller.Settings());

public sealed class IntrospectingBlacklistServer() : RedisStrategyServer(StrategyNames.JwtBlacklist, IntrospectionCaller.Settings());

public sealed class IntrospectingSessionServer() : RedisStrategyServer(StrategyNames.RedisSession, IntrospectionCaller.Settings());

public sealed class StatelessJwtIntrospectionTests(IntrospectingStatelessServer server) : IntrospectionTests(server), IClassFixture<IntrospectingStatelessServer>
{
    protected override bool Revocable => false;
}

public sealed class JwtBlacklistIntrospectionTests(IntrospectingBlacklistServer server) : IntrospectionTests(server), IClassFixture<IntrospectingBlacklistServer>
{
    protected override bool Revocable => true;

    [Fact]
    public async Task Introspect_AfterLogoutAll_EveryTokenOfTheUserIsInactive()
    {
        var (username, first) = await Api.SignUpAsync("all");
        var second = await Api.LoginOkAsync(username);

        (await Api.LogoutAllAsync(first.Str("access_token"))).EnsureSuccessStatusCode();

        Assert.False((await IntrospectionCaller.IntrospectOkAsync(Api.Http, first.Str("access_token"))).GetProperty("active").GetBoolean());
        Assert.False((await IntrospectionCaller.IntrospectOkAsync(Api.Http, second.Str("access_token"))).GetProperty("active").GetBoolean());
    }
}

public sealed class RedisSessionIntrospectionTests(IntrospectingSessionServer server) : IntrospectionTests(server), IClassFixture<IntrospectingSessionServer>
{
    protected override bool Revocable => true;

    protected override string[]? SigningAlgorithms => null;

    [Fact]
    public async Task Introspect_AfterRfc7009Revocation_IsInactive()
    {
        var (_, tokens) = await Api.SignUpAsync("revoked");
        var session = tokens.Str("access_token");

        (await Api.RevokeAsync(session)).EnsureSuccessStatusCode();

        Assert.False((await IntrospectionCaller.IntrospectOkAsync(Api.Http, session)).GetProperty("active").GetBoolean());
    }
}

public sealed class JwtRefreshIntrospectionTests(IntrospectingRefreshServer server) : IntrospectionTests(server), IClassFixture<IntrospectingRefreshServer>
{
    protected override bool Revocable => false;

    [Theory]
    [InlineData(null)]
    [InlineData("refresh_token")]
    [InlineData("access_token")]
    public async Task Introspect_RefreshToken_IsActiveAsARefreshToken_WhateverTheHint(string? hint)
    {
        var (username, tokens) = await Api.SignUpAsync("refresh");

        var answer = await IntrospectionCaller.IntrospectOkAsync(Api.Http, tokens.Str("refresh_token"), hint);

        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.Equal("refresh_token", answer.Str("token_type"));
        Assert.Equal(username, answer.Str("username"));
        Assert.InRange(answer.GetProperty("exp").GetInt64() - answer.GetProperty("iat").GetInt64(), 14 * 86400 - 2, 14 * 86400);
    }

    [Fact]
    public async Task Introspect_RefreshToken_DoesNotUseIt()
    {
        var (_, tokens) = await Api.SignUpAsync("refresh");
        var refresh = tokens.Str("refresh_token");

        await IntrospectionCaller.IntrospectOkAsync(Api.Http, refresh);
        await IntrospectionCaller.IntrospectOkAsync(Api.Http, refresh);

        Assert.Equal(HttpStatusCode.OK, (await Api.RefreshAsync(refresh)).StatusCode);
    }

    [Fact]
    public async Task Introspect_UsedOrRevokedRefreshToken_IsInactive()
    {
        var (_, tokens) = await Api.SignUpAsync("refresh");
        var used = tokens.Str("refresh_token");
        var rotated = JsonDocument.Parse(await (await Api.RefreshAsync(used)).Content.ReadAsStringAsync()).RootElement;
        var successor = rotated.Str("refresh_token");

        Assert.False((await IntrospectionCaller.IntrospectOkAsync(Api.Http, used)).GetProperty("active").GetBoolean());
        Assert.True((await IntrospectionCaller.IntrospectOkAsync(Api.Http, successor)).GetProperty("active").GetBoolean());

        (await Api.LogoutAsync(rotated.Str("access_token"))).EnsureSuccessStatusCode();

        Assert.False((await IntrospectionCaller.IntrospectOkAsync(Api.Http, successor)).GetProperty("active").GetBoolean());
        // The access token outlives the logout until its short exp, as /profile says too.
        Assert.True((await IntrospectionCaller.IntrospectOkAsync(Api.Http, rotated.Str("access_token"))).GetProperty("active").GetBoolean());
    }

    protected override IEnumerable<string> ExtraCandidates(JsonElement tokens) => [tokens.Str("refresh_token")];
}
