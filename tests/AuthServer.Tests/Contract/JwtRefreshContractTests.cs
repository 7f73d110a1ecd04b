using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Contract;

public sealed class JwtRefreshServer() : AuthServerFactory("jwt-refresh");

/// <summary>The contract for jwt-refresh on SQLite, the default store.</summary>
public sealed class JwtRefreshContractTests(JwtRefreshServer server) : JwtRefreshContract(server), IClassFixture<JwtRefreshServer>;

/// <summary>Every jwt-refresh row of the contract; run against each store (see <c>Postgres/PostgresContractTests</c>).</summary>
public abstract class JwtRefreshContract(AuthServerFactory server) : StrategyContractTests(server)
{
    protected override bool Revocable => false;

    protected override bool HasRefreshTokens => true;

    protected override bool NeedsRedis => false;

    protected override long ExpectedExpiresInSeconds => 300;

    [SkippableFact]
    public async Task Refresh_RotatesAndTheNewTokensWork()
    {
        var (username, tokens) = await Api.SignUpAsync();

        var response = await Api.RefreshAsync(tokens.Str("refresh_token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var rotated = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(tokens.Str("refresh_token"), rotated.Str("refresh_token"));
        Assert.Equal("jwt-refresh", rotated.Str("strategy"));
        var profile = await (await Api.GetProfileAsync(rotated.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(username, profile.Str("username"));
        Assert.Equal(HttpStatusCode.OK, (await Api.RefreshAsync(rotated.Str("refresh_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task Refresh_ReadsTheRolesFromTheAccount_SoAGrantReachesTheNextAccessToken()
    {
        var admin = (await Api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
        var (username, tokens) = await Api.SignUpAsync("refreshed-into-admin");
        (await Api.GrantAdminAsync(admin, username)).EnsureSuccessStatusCode();

        var rotated = await (await Api.RefreshAsync(tokens.Str("refresh_token"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["admin"], await Api.RolesAsync(rotated.Str("access_token")));
    }

    [SkippableFact]
    public async Task RemoveAdmin_LeavesNoRefreshTokenThatCouldBringTheRoleBack()
    {
        var admin = (await Api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
        var (username, _) = await Api.SignUpAsync("briefly-admin");
        (await Api.GrantAdminAsync(admin, username)).EnsureSuccessStatusCode();
        var asAdmin = await Api.LoginOkAsync(username);
        var rotatedOnce = await (await Api.RefreshAsync(asAdmin.Str("refresh_token"))).Content.ReadFromJsonAsync<JsonElement>();

        (await Api.RemoveAdminAsync(admin, username)).EnsureSuccessStatusCode();

        await AssertInvalidGrantAsync(await Api.RefreshAsync(rotatedOnce.Str("refresh_token")));
        var again = await Api.LoginOkAsync(username);
        var rotated = await (await Api.RefreshAsync(again.Str("refresh_token"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(await Api.RolesAsync(rotated.Str("access_token")));
    }

    [SkippableFact]
    public async Task Refresh_WithUsedToken_RevokesFamily()
    {
        var (_, tokens) = await Api.SignUpAsync();
        var first = tokens.Str("refresh_token");
        var second = (await (await Api.RefreshAsync(first)).Content.ReadFromJsonAsync<JsonElement>()).Str("refresh_token");

        var replay = await Api.RefreshAsync(first);

        await AssertInvalidGrantAsync(replay);
        await AssertInvalidGrantAsync(await Api.RefreshAsync(second));
    }

    [SkippableFact]
    public async Task Logout_RevokesTheRefreshFamilyButNotTheAccessToken()
    {
        var (_, tokens) = await Api.SignUpAsync();

        var body = await (await Api.LogoutAsync(tokens.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(body.GetProperty("revoked").GetBoolean());
        await AssertInvalidGrantAsync(await Api.RefreshAsync(tokens.Str("refresh_token")));
        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(tokens.Str("access_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task Logout_OnlyRevokesItsOwnFamily()
    {
        var (username, first) = await Api.SignUpAsync();
        var second = await Api.LoginOkAsync(username);

        (await Api.LogoutAsync(first.Str("access_token"))).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await Api.RefreshAsync(second.Str("refresh_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task LogoutAll_RevokesEveryFamilyOfTheUser()
    {
        var (username, first) = await Api.SignUpAsync();
        var second = await Api.LoginOkAsync(username);
        var (_, stranger) = await Api.SignUpAsync("stranger");

        (await Api.LogoutAllAsync(first.Str("access_token"))).EnsureSuccessStatusCode();

        await AssertInvalidGrantAsync(await Api.RefreshAsync(first.Str("refresh_token")));
        await AssertInvalidGrantAsync(await Api.RefreshAsync(second.Str("refresh_token")));
        Assert.Equal(HttpStatusCode.OK, (await Api.RefreshAsync(stranger.Str("refresh_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task Revoke_RefreshToken_RevokesItsFamily()
    {
        var (_, tokens) = await Api.SignUpAsync();

        var response = await Api.RevokeAsync(tokens.Str("refresh_token"), "refresh_token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await AssertInvalidGrantAsync(await Api.RefreshAsync(tokens.Str("refresh_token")));
    }

    [SkippableFact]
    public async Task Revoke_UnknownRefreshToken_Returns200()
    {
        var response = await Api.RevokeAsync("BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [SkippableFact]
    public async Task RefreshToken_AsAccessToken_Returns401()
    {
        var (_, tokens) = await Api.SignUpAsync();

        await AssertInvalidTokenAsync(await Api.GetProfileAsync(tokens.Str("refresh_token")));
    }

    [SkippableFact]
    public async Task AccessToken_AsRefreshToken_IsInvalidGrant()
    {
        var (_, tokens) = await Api.SignUpAsync();

        await AssertInvalidGrantAsync(await Api.RefreshAsync(tokens.Str("access_token")));
    }

    [SkippableTheory]
    [InlineData("{}")]
    [InlineData("{\"refresh_token\": \"\"}")]
    [InlineData("{\"refresh_token\": 12}")]
    public async Task Refresh_Malformed_Returns400(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var response = await Api.Http.PostAsync("/auth/refresh", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static async Task AssertInvalidGrantAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_grant", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }
}
