using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Contract;

/// <summary>
/// CONTRACT: roles live on the account. <c>PUT</c>/<c>DELETE /admin/users/{username}/roles/admin</c> answer
/// <c>{username, roles}</c>; a removal revokes what the user holds, as <c>/revoke</c> does. A registered name holds no role.
/// </summary>
public abstract partial class StrategyContractTests
{
    [SkippableFact]
    public async Task ARegisteredName_HoldsNoRole_AndCannotGiveItselfOne()
    {
        var (username, tokens) = await Api.SignUpAsync("nobody-special");
        var credential = tokens.Str("access_token");

        Assert.Empty(await Api.RolesAsync(credential));
        await AssertProblemAsync(await Api.GrantAdminAsync(credential, username), HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task GrantAdmin_AnswersTheRoles_AndTheNextCredentialCarriesThem()
    {
        var admin = await AdminCredentialAsync();
        var (username, _) = await Api.SignUpAsync("promoted");

        var response = await Api.GrantAdminAsync(admin, username);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(username, body.Str("username"));
        Assert.Equal(["admin"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var fresh = (await Api.LoginOkAsync(username)).Str("access_token");
        Assert.Contains("admin", await Api.RolesAsync(fresh));
        var (victim, _) = await Api.SignUpAsync("victim");
        Assert.Equal(HttpStatusCode.OK, (await Api.AdminRevokeAsync(fresh, victim)).StatusCode);
    }

    [SkippableFact]
    public async Task RemoveAdmin_TakesTheRole_AndRevokesWhatTheUserHeld()
    {
        var admin = await AdminCredentialAsync();
        var (username, _) = await Api.SignUpAsync("demoted");
        (await Api.GrantAdminAsync(admin, username)).EnsureSuccessStatusCode();
        var held = await Api.LoginOkAsync(username);

        var response = await Api.RemoveAdminAsync(admin, username);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray());
        var after = await Api.GetProfileAsync(held.Str("access_token"));
        Assert.Equal(Revocable ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, after.StatusCode);
        if (HasRefreshTokens)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Api.RefreshAsync(held.Str("refresh_token"))).StatusCode);
        }

        var fresh = (await Api.LoginOkAsync(username)).Str("access_token");
        Assert.Empty(await Api.RolesAsync(fresh));
        await AssertProblemAsync(await Api.AdminRevokeAsync(fresh, AuthServerFactory.AdminUsername), HttpStatusCode.Forbidden);
    }

    [SkippableFact]
    public async Task RoleEndpoints_Refuse_WithoutCredential401_NonAdmin403_UnknownUser404()
    {
        var admin = await AdminCredentialAsync();
        var (username, tokens) = await Api.SignUpAsync("bystander");

        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.SendAsync(HttpMethod.Put, $"/admin/users/{username}/roles/admin", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.SendAsync(HttpMethod.Delete, $"/admin/users/{username}/roles/admin", null)).StatusCode);
        await AssertProblemAsync(await Api.RemoveAdminAsync(tokens.Str("access_token"), AuthServerFactory.AdminUsername), HttpStatusCode.Forbidden);
        await AssertProblemAsync(await Api.GrantAdminAsync(admin, ApiClient.NewUsername("ghost")), HttpStatusCode.NotFound);
        await AssertProblemAsync(await Api.RemoveAdminAsync(admin, ApiClient.NewUsername("ghost")), HttpStatusCode.NotFound);
    }

}
