using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Contract;

/// <summary>CONTRACT: <c>POST /auth/password</c>, for every strategy.</summary>
public abstract partial class StrategyContractTests
{
    private const string NewPassword = "a brand new passphrase";

    [SkippableFact]
    public async Task PasswordChange_RevokesAsLogoutAllDoes_AndOnlyTheNewPasswordWorks()
    {
        var (username, first) = await Api.SignUpAsync("changer");
        var second = await Api.LoginOkAsync(username);

        var response = await Api.ChangePasswordAsync(first.Str("access_token"), ApiClient.Password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Equal("no-cache", response.Headers.Pragma.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Revocable || HasRefreshTokens, body.GetProperty("revoked").GetBoolean());
        Assert.Equal(TimeSpan.Zero, body.GetProperty("access_token_valid_until").GetDateTimeOffset().Offset);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.LoginAsync(username)).StatusCode);
        await Api.LoginOkAsync(username, NewPassword);
        foreach (var held in new[] { first, second })
        {
            var profile = await Api.GetProfileAsync(held.Str("access_token"));
            Assert.Equal(Revocable ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, profile.StatusCode);
            if (HasRefreshTokens)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await Api.RefreshAsync(held.Str("refresh_token"))).StatusCode);
            }
        }
    }

    [SkippableFact]
    public async Task PasswordChange_WithAWrongCurrentPassword_Returns401_AndChangesNothing()
    {
        var (username, tokens) = await Api.SignUpAsync("changer");

        var response = await Api.ChangePasswordAsync(tokens.Str("access_token"), "not the password", NewPassword);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(tokens.Str("access_token"))).StatusCode);
        await Api.LoginOkAsync(username);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.LoginAsync(username, NewPassword)).StatusCode);
    }

    [SkippableTheory]
    [InlineData("short")]
    [InlineData("")]
    [InlineData(null)]
    public async Task PasswordChange_WithAnInvalidNewPassword_Returns400(string? newPassword)
    {
        var (username, tokens) = await Api.SignUpAsync("changer");

        var response = await Api.ChangePasswordAsync(tokens.Str("access_token"), ApiClient.Password, newPassword!);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        await Api.LoginOkAsync(username);
    }

    [SkippableFact]
    public async Task PasswordChange_WithoutACredential_Returns401()
    {
        var response = await Api.Http.PostAsJsonAsync("/auth/password", new { current_password = ApiClient.Password, new_password = NewPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
