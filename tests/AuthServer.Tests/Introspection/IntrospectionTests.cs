using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Jwt;

namespace AuthServer.Tests.Introspection;

/// <summary>
/// RFC 7662 introspection against each strategy through real HTTP: who may call it, what it answers, and that its
/// <c>active</c> agrees with what <c>/profile</c> accepts for every kind of credential a client could present.
/// </summary>
public abstract class IntrospectionTests(AuthServerFactory server)
{
    protected ApiClient Api { get; } = new(server.CreateClient());

    /// <summary>Whether a logout makes the access credential inactive (the strategy table of CONTRACT.md).</summary>
    protected abstract bool Revocable { get; }

    [Fact]
    public async Task Introspect_FreshCredential_IsActiveWithItsOwnersClaims()
    {
        var (username, tokens) = await Api.SignUpAsync("intro");
        var profile = await (await Api.GetProfileAsync(tokens.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>();

        var answer = await IntrospectionCaller.IntrospectOkAsync(Api.Http, tokens.Str("access_token"));

        Assert.True(answer.GetProperty("active").GetBoolean());
        Assert.Equal("access_token", answer.Str("token_type"));
        Assert.Equal(profile.Str("id"), answer.Str("sub"));
        Assert.Equal(username, answer.Str("username"));
        Assert.Equal(profile.GetProperty("expires_at").GetDateTimeOffset().ToUnixTimeSeconds(), answer.GetProperty("exp").GetInt64());
        Assert.InRange(answer.GetProperty("iat").GetInt64(), TokenForge.UnixNow(-120), TokenForge.UnixNow(5));
        Assert.Empty(answer.GetProperty("roles").EnumerateArray());
    }

    [Fact]
    public async Task Introspect_AfterLogout_FollowsTheStrategysPromise()
    {
        var (_, tokens) = await Api.SignUpAsync("intro");
        var access = tokens.Str("access_token");

        (await Api.LogoutAsync(access)).EnsureSuccessStatusCode();

        var answer = await IntrospectionCaller.IntrospectOkAsync(Api.Http, access);
        Assert.Equal(!Revocable, answer.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task Introspect_AgreesWithProfile_ForEveryKindOfCredential()
    {
        var (username, tokens) = await Api.SignUpAsync("agree");
        var access = tokens.Str("access_token");
        var loggedOut = (await Api.LoginOkAsync(username)).Str("access_token");
        (await Api.LogoutAsync(loggedOut)).EnsureSuccessStatusCode();
        var forgedJwt = TokenForge.SignHmac(
            new() { ["alg"] = "HS256", ["typ"] = "at+jwt" },
            new() { ["sub"] = "x", ["name"] = "mallory", ["iss"] = "authserver", ["aud"] = "authserver-clients", ["exp"] = TokenForge.UnixNow(600) },
            Encoding.UTF8.GetBytes("an attacker's own key of 32 bytes or more"));
        List<string> candidates = [access, loggedOut, Tamper(access), forgedJwt, new string('A', 43), "garbage", "a.b.c", .. ExtraCandidates(tokens)];

        foreach (var credential in candidates)
        {
            var profile = await Api.GetProfileAsync(credential);
            var answer = await IntrospectionCaller.IntrospectOkAsync(Api.Http, credential);
            Assert.True(
                (profile.StatusCode == HttpStatusCode.OK) == IntrospectionCaller.IsActiveAccessCredential(answer),
                $"/profile answered {(int)profile.StatusCode} but introspection {answer.GetRawText()} for candidate #{candidates.IndexOf(credential)}");
        }
    }

    [Theory]
    [InlineData("refresh_token")]
    [InlineData("no_such_hint")]
    public async Task Introspect_WithAnyHint_StillFindsAnAccessCredential(string hint)
    {
        var (_, tokens) = await Api.SignUpAsync("hint");

        var answer = await IntrospectionCaller.IntrospectOkAsync(Api.Http, tokens.Str("access_token"), hint);

        Assert.True(IntrospectionCaller.IsActiveAccessCredential(answer));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    [InlineData("\u00ff\u2603 \t")]
    public async Task Introspect_Garbage_IsInactiveAndNothingElse(string token)
    {
        var answer = await IntrospectionCaller.IntrospectOkAsync(Api.Http, token);

        Assert.Equal("{\"active\":false}", answer.GetRawText());
    }

    [Fact]
    public async Task Introspect_WithoutClientCredentials_Returns401Basic()
    {
        var response = await IntrospectionCaller.PostAsync(Api.Http, "anything", secret: null);

        await AssertInvalidClientAsync(response);
    }

    [Theory]
    [InlineData(IntrospectionCaller.ClientId, "wrong-secret-wrong-secret-wrong-secret")]
    [InlineData("someone-else", IntrospectionCaller.ClientSecret)]
    [InlineData(IntrospectionCaller.ClientId, "")]
    public async Task Introspect_WrongSecretOrUnknownCaller_Returns401Basic(string id, string secret)
    {
        var (_, tokens) = await Api.SignUpAsync("intro");

        var response = await IntrospectionCaller.PostAsync(Api.Http, tokens.Str("access_token"), id: id, secret: secret);

        await AssertInvalidClientAsync(response);
    }

    [Theory]
    [InlineData("Basic")]
    [InlineData("Basic !!!not-base64!!!")]
    [InlineData("Basic bm8tY29sb24=")]
    [InlineData("Basic //79")]
    [InlineData("Bearer orders-api")]
    public async Task Introspect_MalformedAuthorization_Returns401Basic(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "x" }) };
        request.Headers.TryAddWithoutValidation("Authorization", header);

        var response = await Api.Http.SendAsync(request);

        await AssertInvalidClientAsync(response);
    }

    [Fact]
    public async Task Introspect_WithoutToken_Returns400InvalidRequest()
    {
        var response = await IntrospectionCaller.PostAsync(Api.Http, string.Empty);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }

    [Fact]
    public async Task Introspect_FormWithANulCharacter_Returns400()
    {
        var response = await IntrospectionCaller.PostAsync(Api.Http, "a\0b");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Introspect_JsonBody_Returns400InvalidRequest()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = JsonContent.Create(new { token = "x" }) };
        request.Headers.Authorization = IntrospectionCaller.Basic(IntrospectionCaller.ClientId, IntrospectionCaller.ClientSecret);

        var response = await Api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Discovery_NamesTheIssuerAndEndpoints()
    {
        var document = await Api.Http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var root = Api.Http.BaseAddress!.ToString().TrimEnd('/');

        Assert.Equal("authserver", document.Str("issuer"));
        Assert.Equal(root + "/auth/introspect", document.Str("introspection_endpoint"));
        Assert.Equal(root + "/auth/revoke", document.Str("revocation_endpoint"));
        Assert.Equal(["client_secret_basic"], document.GetProperty("introspection_endpoint_auth_methods_supported").EnumerateArray().Select(e => e.GetString()));
        // HS256 under the JWT strategies: nothing to publish (CONTRACT: /.well-known/jwks.json is 404).
        Assert.False(document.TryGetProperty("jwks_uri", out _));
        Assert.Equal(SigningAlgorithms, document.TryGetProperty("access_token_signing_alg_values_supported", out var algorithms)
            ? algorithms.EnumerateArray().Select(a => a.GetString()!).ToArray()
            : null);
    }

    /// <summary>What the discovery document says access tokens are signed with; null where they are not JWTs.</summary>
    protected virtual string[]? SigningAlgorithms => ["HS256"];

    /// <summary>More credentials the strategy hands out (a refresh token, a used one), checked for agreement too.</summary>
    protected virtual IEnumerable<string> ExtraCandidates(JsonElement tokens) => [];

    protected static async Task AssertInvalidClientAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Basic ", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }

    private static string Tamper(string credential)
    {
        if (!TokenForge.IsJwt(credential))
        {
            return credential[..^1] + (credential[^1] == 'A' ? 'B' : 'A');
        }

        var (header, payload) = TokenForge.Split(credential);
        return TokenForge.Encode(header) + "." + TokenForge.Encode(payload.With("name", "mallory")) + "." + credential.Split('.')[2];
    }
}
