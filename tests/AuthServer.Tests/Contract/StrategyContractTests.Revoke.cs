using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Jwt;

namespace AuthServer.Tests.Contract;

/// <summary>CONTRACT, RFC 7009: "200, also for unknown tokens whatever the hint (the hint only orders the search, §2.1)".</summary>
public abstract partial class StrategyContractTests
{
    public static TheoryData<string?> Hints() => new() { null, "access_token", "refresh_token", "something_else" };

    /// <summary>Under a strategy that cannot revoke access tokens, what a genuine one gets: 400 unsupported_token_type, else 200.</summary>
    protected virtual bool RevokesAccessTokens => Revocable;

    [SkippableTheory]
    [MemberData(nameof(Hints))]
    public async Task Revoke_UnknownTokens_Return200_WhateverTheHint(string? hint)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var forged = TokenForge.SignHmac(
            new JsonObject { ["alg"] = "HS256", ["typ"] = "at+jwt" },
            new JsonObject { ["sub"] = "someone", ["iss"] = "authserver", ["aud"] = "authserver-clients", ["iat"] = now, ["nbf"] = now, ["exp"] = now + 600, ["jti"] = "x" },
            RandomNumberGenerator.GetBytes(32));
        var opaque = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        foreach (var token in new[] { "not-a-token", forged, opaque })
        {
            var response = await Api.RevokeAsync(token, hint);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Hints))]
    public async Task Revoke_AGenuineAccessCredential_IsRevokedOrUnsupported_WhateverTheHint(string? hint)
    {
        var (_, tokens) = await Api.SignUpAsync();

        var response = await Api.RevokeAsync(tokens.Str("access_token"), hint);

        if (RevokesAccessTokens)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked").GetBoolean());
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("unsupported_token_type", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
        }
    }
}
