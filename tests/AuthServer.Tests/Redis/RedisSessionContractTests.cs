using System.Buffers.Text;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthServer.Tests.Contract;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Jwt;

namespace AuthServer.Tests.Redis;

/// <summary>Every contract row for redis-session, through real HTTP against a real Redis.</summary>
public sealed class RedisSessionContractTests(RedisSessionServer server) : StrategyContractTests(server), IClassFixture<RedisSessionServer>
{
    protected override bool Revocable => true;

    protected override bool HasRefreshTokens => false;

    protected override bool NeedsRedis => true;

    protected override long ExpectedExpiresInSeconds => 1800;

    [Fact]
    public async Task Login_IssuesAnOpaque256BitSessionId()
    {
        var (_, tokens) = await Api.SignUpAsync();

        var id = tokens.Str("access_token");

        Assert.Equal(43, id.Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(id).Length);
        Assert.False(TokenForge.IsJwt(id));
    }

    [Fact]
    public async Task Session_IsStoredUnderTheIdsSha256_NeverInTheClear()
    {
        var (username, tokens) = await Api.SignUpAsync();
        var id = tokens.Str("access_token");
        var hash = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(id)));
        var redis = server.Inspect();

        var fields = (await redis.HashGetAllAsync(server.KeyPrefix + "session:" + hash)).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());

        Assert.Equal(username, fields["name"]);
        Assert.Equal(["uid", "name", "roles", "created", "seen"], fields.Keys.ToArray());
        Assert.InRange((await redis.KeyTimeToLiveAsync(server.KeyPrefix + "session:" + hash))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.Contains(server.KeyPrefix + "session:" + hash, await server.KeysAsync());
        Assert.DoesNotContain(await server.KeysAsync(), key => key.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(id, string.Join(' ', fields.Values), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jwt_IsNotAcceptedAsASessionId()
    {
        var (header, payload) = (new System.Text.Json.Nodes.JsonObject { ["alg"] = "HS256", ["typ"] = "at+jwt" }, new System.Text.Json.Nodes.JsonObject { ["sub"] = "x", ["exp"] = TokenForge.UnixNow(600) });
        var jwt = TokenForge.SignHmac(header, payload, Encoding.UTF8.GetBytes(AuthServerFactory.TestSigningKey));

        var response = await Api.GetProfileAsync(jwt);

        await AssertInvalidTokenAsync(response, "JWT");
    }

    [Fact]
    public async Task LogoutAll_RemovesEverySessionOfTheUserOnly()
    {
        var (username, first) = await Api.SignUpAsync();
        var others = new[] { await Api.LoginOkAsync(username), await Api.LoginOkAsync(username) };
        var (_, stranger) = await Api.SignUpAsync("stranger");
        var userId = (await (await Api.GetProfileAsync(first.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>()).Str("id");

        var body = await (await Api.LogoutAllAsync(first.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(body.GetProperty("revoked").GetBoolean());
        foreach (var credential in others.Select(o => o.Str("access_token")).Append(first.Str("access_token")))
        {
            await AssertInvalidTokenAsync(await Api.GetProfileAsync(credential), "session");
        }

        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(stranger.Str("access_token"))).StatusCode);
        Assert.Equal(0, await server.Inspect().SetLengthAsync(server.KeyPrefix + "user-sessions:" + userId));
    }

    [Fact]
    public async Task Revoke_SessionId_EndsItAtOnce()
    {
        var (_, tokens) = await Api.SignUpAsync();
        var id = tokens.Str("access_token");

        var first = await Api.RevokeAsync(id, "access_token");
        var again = await Api.RevokeAsync(id);

        Assert.True((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
        Assert.False((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
        await AssertInvalidTokenAsync(await Api.GetProfileAsync(id), "session");
    }

    [Fact]
    public async Task Revoke_Jwt_Returns200WithoutRevoking()
    {
        var response = await Api.RevokeAsync("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
    }

    [Fact]
    public async Task Logout_LeavesTheUsersOtherSessions()
    {
        var (username, first) = await Api.SignUpAsync();
        var second = await Api.LoginOkAsync(username);

        (await Api.LogoutAsync(first.Str("access_token"))).EnsureSuccessStatusCode();

        await AssertInvalidTokenAsync(await Api.GetProfileAsync(first.Str("access_token")));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(second.Str("access_token"))).StatusCode);
    }

    [Fact]
    public async Task GrantAdmin_GivesTheUsersLiveSessionsTheRoleAtOnce()
    {
        var admin = (await Api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
        var (username, tokens) = await Api.SignUpAsync("promoted");
        var session = tokens.Str("access_token");

        (await Api.GrantAdminAsync(admin, username)).EnsureSuccessStatusCode();

        var profile = await (await Api.GetProfileAsync(session)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("admin", profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var (victim, _) = await Api.SignUpAsync("victim");
        Assert.Equal(HttpStatusCode.OK, (await Api.AdminRevokeAsync(session, victim)).StatusCode);
    }
}
