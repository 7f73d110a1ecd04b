using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Contract;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Jwt;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Tests.Redis;

/// <summary>Every contract row for jwt-blacklist, through real HTTP against a real Redis.</summary>
public sealed class JwtBlacklistContractTests(JwtBlacklistServer server) : JwtBlacklistContract(server), IClassFixture<JwtBlacklistServer>;

/// <summary>The jwt-blacklist rows, whatever Redis topology the subclass's server is given (one node, Cluster, Sentinel).</summary>
public abstract class JwtBlacklistContract(RedisStrategyServer server) : StrategyContractTests(server)
{
    protected override bool Revocable => true;

    protected override bool HasRefreshTokens => false;

    protected override bool NeedsRedis => true;

    protected override long ExpectedExpiresInSeconds => 3600;

    [SkippableFact]
    public async Task Login_IssuesAJwtWithJtiAndSid()
    {
        var (_, tokens) = await Api.SignUpAsync();

        var jwt = new JsonWebToken(tokens.Str("access_token"));

        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.True(jwt.TryGetPayloadValue<string>("sid", out var sid) && sid.Length > 0);
    }

    [SkippableFact]
    public async Task Logout_RefusesThatTokenOnly_AndSaysWhy()
    {
        var (username, first) = await Api.SignUpAsync();
        var second = await Api.LoginOkAsync(username);

        (await Api.LogoutAsync(first.Str("access_token"))).EnsureSuccessStatusCode();

        await AssertInvalidTokenAsync(await Api.GetProfileAsync(first.Str("access_token")), "revoked");
        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(second.Str("access_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task Logout_RecordsTheJtiWithTheTokensExpiry()
    {
        var (_, tokens) = await Api.SignUpAsync();
        var jwt = new JsonWebToken(tokens.Str("access_token"));

        (await Api.LogoutAsync(jwt.EncodedToken)).EnsureSuccessStatusCode();

        var score = await server.Inspect().SortedSetScoreAsync(server.KeyPrefix + "revoked:tokens", jwt.Id);
        Assert.Equal(new DateTimeOffset(jwt.ValidTo).ToUnixTimeSeconds(), (long?)score);
        Assert.True(await server.Inspect().KeyTimeToLiveAsync(server.KeyPrefix + "revoked:tokens") > TimeSpan.Zero);
    }

    [SkippableFact]
    public async Task LogoutAll_RefusesEveryEarlierToken_ButNotOtherUsers()
    {
        var (username, first) = await Api.SignUpAsync();
        var second = await Api.LoginOkAsync(username);
        var (_, stranger) = await Api.SignUpAsync("stranger");

        (await Api.LogoutAllAsync(second.Str("access_token"))).EnsureSuccessStatusCode();

        await AssertInvalidTokenAsync(await Api.GetProfileAsync(first.Str("access_token")), "logout of every session");
        await AssertInvalidTokenAsync(await Api.GetProfileAsync(second.Str("access_token")));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(stranger.Str("access_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task Revoke_AccessToken_IsRefusedAtOnce()
    {
        var (_, tokens) = await Api.SignUpAsync();

        var response = await Api.RevokeAsync(tokens.Str("access_token"), "access_token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
        await AssertInvalidTokenAsync(await Api.GetProfileAsync(tokens.Str("access_token")), "revoked");
    }

    [SkippableFact]
    public async Task Revoke_WithAWrongHint_StillRevokes()
    {
        var (_, tokens) = await Api.SignUpAsync();

        // RFC 7009 §2.1: the hint may be wrong; the server searches further.
        var response = await Api.RevokeAsync(tokens.Str("access_token"), "refresh_token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.GetProfileAsync(tokens.Str("access_token"))).StatusCode);
    }

    [SkippableTheory]
    [InlineData("not-a-token")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Revoke_UnknownToken_Returns200WithoutRevoking(string token)
    {
        var response = await Api.RevokeAsync(token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
    }

    [SkippableFact]
    public async Task Revoke_ForgedToken_RevokesNothing()
    {
        var (_, tokens) = await Api.SignUpAsync();
        var (header, payload) = TokenForge.Split(tokens.Str("access_token"));
        var forged = TokenForge.SignHmac(header, payload, "an attacker's own key of 32 bytes!!"u8.ToArray());

        var response = await Api.RevokeAsync(forged);

        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(tokens.Str("access_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task SessionIdShapedCredential_IsRefused()
    {
        var response = await Api.GetProfileAsync("upynKVmtkJRh1jV5rVxGBpCBQe_t_0qIMQjdGNguphk");

        await AssertInvalidTokenAsync(response);
    }
}
