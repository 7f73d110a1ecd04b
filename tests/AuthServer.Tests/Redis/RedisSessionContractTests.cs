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
public sealed class RedisSessionContractTests(RedisSessionServer server) : RedisSessionContract(server), IClassFixture<RedisSessionServer>;

/// <summary>The redis-session rows, whatever Redis topology the subclass's server is given (one node, Cluster, Sentinel).</summary>
public abstract class RedisSessionContract(RedisStrategyServer server) : StrategyContractTests(server)
{
    protected override bool Revocable => true;

    protected override bool HasRefreshTokens => false;

    protected override bool NeedsRedis => true;

    protected override long ExpectedExpiresInSeconds => 1800;

    [SkippableFact]
    public async Task Login_IssuesAnOpaque256BitSessionId_TaggedWithItsUsersSlot()
    {
        var (username, tokens) = await Api.SignUpAsync();
        var again = (await Api.LoginOkAsync(username)).Str("access_token");
        var (_, stranger) = await Api.SignUpAsync("stranger");

        var id = tokens.Str("access_token");

        Assert.Matches("^[A-Za-z0-9_-]{4}\\.[A-Za-z0-9_-]{43}$", id);
        Assert.Equal(32, Base64Url.DecodeFromChars(id.AsSpan(5)).Length);
        Assert.False(TokenForge.IsJwt(id));
        Assert.NotEqual(id[5..], again[5..]);
        // One user, one tag (so their sessions share a slot); the tag is a keyed hash, not the user id.
        Assert.Equal(StoredSession.Tag(id), StoredSession.Tag(again));
        Assert.NotEqual(StoredSession.Tag(id), StoredSession.Tag(stranger.Str("access_token")));
        Assert.DoesNotContain(await UserIdAsync(id), id, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Session_IsStoredUnderTheIdsSha256_NeverInTheClear()
    {
        var (username, tokens) = await Api.SignUpAsync();
        var id = tokens.Str("access_token");
        var key = StoredSession.Key(server.KeyPrefix, id);
        var redis = server.Inspect();

        var fields = (await redis.HashGetAllAsync(key)).ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());

        Assert.Equal(username, fields["name"]);
        Assert.Equal(["uid", "name", "roles", "created", "seen"], fields.Keys.ToArray());
        Assert.InRange((await redis.KeyTimeToLiveAsync(key))!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));
        Assert.Contains(key, await server.KeysAsync());
        Assert.Equal(StoredSession.Hash(id), key[(key.LastIndexOf(':') + 1)..]);
        Assert.DoesNotContain(await server.KeysAsync(), key => key.Contains(id, StringComparison.Ordinal));
        Assert.DoesNotContain(id, string.Join(' ', fields.Values), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Jwt_IsNotAcceptedAsASessionId()
    {
        var (header, payload) = (new System.Text.Json.Nodes.JsonObject { ["alg"] = "HS256", ["typ"] = "at+jwt" }, new System.Text.Json.Nodes.JsonObject { ["sub"] = "x", ["exp"] = TokenForge.UnixNow(600) });
        var jwt = TokenForge.SignHmac(header, payload, Encoding.UTF8.GetBytes(AuthServerFactory.TestSigningKey));

        var response = await Api.GetProfileAsync(jwt);

        await AssertInvalidTokenAsync(response, "JWT");
    }

    [SkippableFact]
    public async Task LogoutAll_RemovesEverySessionOfTheUserOnly()
    {
        var (username, first) = await Api.SignUpAsync();
        var others = new[] { await Api.LoginOkAsync(username), await Api.LoginOkAsync(username) };
        var (_, stranger) = await Api.SignUpAsync("stranger");
        var userId = await UserIdAsync(first.Str("access_token"));
        var index = StoredSession.IndexKey(server.KeyPrefix, first.Str("access_token"), userId);
        Assert.Equal(3, await server.Inspect().SetLengthAsync(index));

        var body = await (await Api.LogoutAllAsync(first.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(body.GetProperty("revoked").GetBoolean());
        foreach (var credential in others.Select(o => o.Str("access_token")).Append(first.Str("access_token")))
        {
            await AssertInvalidTokenAsync(await Api.GetProfileAsync(credential), "session");
        }

        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(stranger.Str("access_token"))).StatusCode);
        Assert.Equal(0, await server.Inspect().SetLengthAsync(index));
    }

    [SkippableFact]
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

    [SkippableFact]
    public async Task Revoke_Jwt_Returns200WithoutRevoking()
    {
        var response = await Api.RevokeAsync("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
    }

    [SkippableFact]
    public async Task Logout_LeavesTheUsersOtherSessions()
    {
        var (username, first) = await Api.SignUpAsync();
        var second = await Api.LoginOkAsync(username);

        (await Api.LogoutAsync(first.Str("access_token"))).EnsureSuccessStatusCode();

        await AssertInvalidTokenAsync(await Api.GetProfileAsync(first.Str("access_token")));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(second.Str("access_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task GrantAdmin_GivesTheUsersLiveSessionsTheRoleAtOnce()
    {
        var admin = (await Api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
        var (username, tokens) = await Api.SignUpAsync("promoted");
        var session = tokens.Str("access_token");

        (await Api.GrantAdminAsync(admin, username)).EnsureSuccessStatusCode();

        Assert.Contains("admin", await Api.RolesAsync(session));
        var (victim, _) = await Api.SignUpAsync("victim");
        Assert.Equal(HttpStatusCode.OK, (await Api.AdminRevokeAsync(session, victim)).StatusCode);
    }

    private async Task<string> UserIdAsync(string session) =>
        (await (await Api.GetProfileAsync(session)).Content.ReadFromJsonAsync<JsonElement>()).Str("id");
}
