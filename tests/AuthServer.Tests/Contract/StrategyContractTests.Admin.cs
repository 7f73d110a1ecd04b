using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Contract;

/// <summary>Admin revoke, RFC 7009 revoke, health and keys: the rest of the contract table.</summary>
public abstract partial class StrategyContractTests
{
    [SkippableFact]
    public async Task AdminRevoke_ByAdmin_KeepsTheStrategysPromise()
    {
        var admin = await AdminCredentialAsync();
        var (username, victim) = await Api.SignUpAsync("victim");

        var response = await Api.AdminRevokeAsync(admin, username);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Revocable || HasRefreshTokens, body.GetProperty("revoked").GetBoolean());
        var after = await Api.GetProfileAsync(victim.Str("access_token"));
        Assert.Equal(Revocable ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, after.StatusCode);
    }

    [SkippableFact]
    public async Task AdminRevoke_ByNonAdmin_Returns403()
    {
        var (username, tokens) = await Api.SignUpAsync();

        var response = await Api.AdminRevokeAsync(tokens.Str("access_token"), username);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task AdminRevoke_WithoutCredential_Returns401()
    {
        var response = await Api.SendAsync(HttpMethod.Post, "/admin/users/someone/revoke", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [SkippableFact]
    public async Task AdminRevoke_UnknownUser_Returns404()
    {
        var admin = await AdminCredentialAsync();

        var response = await Api.AdminRevokeAsync(admin, ApiClient.NewUsername("ghost"));

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Admin_HasTheAdminRoleInProfile()
    {
        var admin = await AdminCredentialAsync();

        var profile = await (await Api.GetProfileAsync(admin)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Contains("admin", profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [SkippableFact]
    public async Task Revoke_WithoutToken_Returns400InvalidRequest()
    {
        var response = await Api.Http.PostAsync("/auth/revoke", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }

    [SkippableFact]
    public async Task Revoke_WithJsonInsteadOfForm_Returns400()
    {
        var response = await Api.Http.PostAsJsonAsync("/auth/revoke", new { token = "x" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [SkippableFact]
    public async Task Refresh_WithoutRefreshTokens_Returns400_ElseUnknownTokenIsInvalidGrant()
    {
        var response = await Api.RefreshAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

        Assert.Equal(HasRefreshTokens ? HttpStatusCode.Unauthorized : HttpStatusCode.BadRequest, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error");
        Assert.Equal(HasRefreshTokens ? "invalid_grant" : "unsupported_grant_type", error);
    }

    [SkippableFact]
    public async Task Health_LiveAndReady_Return200()
    {
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.GetAsync("/health/ready")).StatusCode);
    }

    [SkippableFact]
    public async Task Jwks_UnderHs256_Returns404()
    {
        var response = await Api.Http.GetAsync("/.well-known/jwks.json");

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    private async Task<string> AdminCredentialAsync() => (await Api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
}
