using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Contract;

/// <summary>
/// Every row of CONTRACT.md that holds for all strategies, run against each strategy through real HTTP.
/// A subclass states what its strategy promises; the tests check the server keeps those promises.
/// </summary>
public abstract partial class StrategyContractTests(AuthServerFactory server)
{
    protected ApiClient Api { get; } = new(server.CreateClient());

    protected AuthServerFactory Server => server;

    /// <summary>CONTRACT.md: whether an access credential can be refused before it expires.</summary>
    protected abstract bool Revocable { get; }

    protected abstract bool HasRefreshTokens { get; }

    protected abstract bool NeedsRedis { get; }

    protected abstract long ExpectedExpiresInSeconds { get; }

    [SkippableFact]
    public async Task Strategy_DescribesItsPromises()
    {
        var info = await Api.Http.GetFromJsonAsync<JsonElement>("/auth/strategy");

        Assert.Equal(server.Strategy, info.Str("strategy"));
        Assert.Equal(Revocable, info.GetProperty("revocable").GetBoolean());
        Assert.Equal(HasRefreshTokens, info.GetProperty("refresh_tokens").GetBoolean());
        Assert.Equal(NeedsRedis, info.GetProperty("needs_redis").GetBoolean());
        Assert.Equal(ExpectedExpiresInSeconds, info.GetProperty("access_token_lifetime_seconds").GetInt64());
    }

    [SkippableFact]
    public async Task Register_WithValidInput_Returns201WithIdAndUsername()
    {
        var username = ApiClient.NewUsername("Reg.ister_ok");

        var response = await Api.RegisterAsync(username);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(username, body.Str("username"));
        Assert.False(string.IsNullOrEmpty(body.Str("id")));
    }

    [SkippableFact]
    public async Task Register_TakenUsernameInAnyCase_Returns409Problem()
    {
        var username = ApiClient.NewUsername("taken");
        (await Api.RegisterAsync(username)).EnsureSuccessStatusCode();

        var response = await Api.RegisterAsync(username.ToUpperInvariant());

        await AssertProblemAsync(response, HttpStatusCode.Conflict);
    }

    [SkippableTheory]
    [InlineData("ab", "long enough password")]
    [InlineData("has space", "long enough password")]
    [InlineData("semi;colon", "long enough password")]
    [InlineData("ünïcode", "long enough password")]
    [InlineData("okname", "short")]
    [InlineData("okname", "")]
    [InlineData("", "long enough password")]
    public async Task Register_InvalidInput_Returns400Problem(string username, string password)
    {
        var response = await Api.RegisterAsync(username, password);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Register_TooLongUsernameOrPassword_Returns400Problem()
    {
        await AssertProblemAsync(await Api.RegisterAsync(new string('a', 65)), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await Api.RegisterAsync(ApiClient.NewUsername(), new string('p', 129)), HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Register_AtTheLimits_Succeeds()
    {
        var username = (ApiClient.NewUsername("edge") + new string('x', 64))[..64];

        var response = await Api.RegisterAsync(username, new string('p', 128));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [SkippableTheory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("{\"username\": 42, \"password\": true}")]
    [InlineData("null")]
    [InlineData("")]
    public async Task RegisterAndLogin_MalformedJson_Return400Problem(string json)
    {
        foreach (var path in new[] { "/auth/register", "/auth/login" })
        {
            using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            var response = await Api.Http.PostAsync(path, content);
            await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        }
    }

    [SkippableFact]
    public async Task Login_WithWrongContentType_Returns415Problem()
    {
        using var content = new StringContent("username=a&password=b", System.Text.Encoding.UTF8, "text/plain");

        var response = await Api.Http.PostAsync("/auth/login", content);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [SkippableFact]
    public async Task Login_ReturnsTheContractTokenResponse()
    {
        var (_, tokens) = await Api.SignUpAsync();

        Assert.Equal("Bearer", tokens.Str("token_type"));
        Assert.Equal(server.Strategy, tokens.Str("strategy"));
        Assert.Equal(ExpectedExpiresInSeconds, tokens.GetProperty("expires_in").GetInt64());
        Assert.False(string.IsNullOrEmpty(tokens.Str("access_token")));
        Assert.Equal(HasRefreshTokens, tokens.TryGetProperty("refresh_token", out _));
        Assert.Equal(HasRefreshTokens, tokens.TryGetProperty("refresh_expires_in", out _));
    }

    [SkippableFact]
    public async Task Login_UsernameIsCaseInsensitive()
    {
        var username = ApiClient.NewUsername("MixedCase");
        (await Api.RegisterAsync(username)).EnsureSuccessStatusCode();

        var tokens = await Api.LoginOkAsync(username.ToLowerInvariant());

        var profile = await (await Api.GetProfileAsync(tokens.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(username, profile.Str("username"));
    }

    [SkippableFact]
    public async Task Login_WrongPasswordAndUnknownUser_GiveTheSameAnswer()
    {
        var username = ApiClient.NewUsername("known");
        (await Api.RegisterAsync(username)).EnsureSuccessStatusCode();

        var wrongPassword = await Api.LoginAsync(username, "not the password");
        var unknownUser = await Api.LoginAsync(ApiClient.NewUsername("unknown"), "not the password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownUser.StatusCode);
        Assert.Equal(await WithoutTraceIdAsync(wrongPassword), await WithoutTraceIdAsync(unknownUser));
        Assert.Equal("application/problem+json", wrongPassword.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task Profile_WithCredential_ReturnsTheUser()
    {
        var (username, tokens) = await Api.SignUpAsync();

        var response = await Api.GetProfileAsync(tokens.Str("access_token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var profile = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(username, profile.Str("username"));
        Assert.Equal(server.Strategy, profile.Str("strategy"));
        Assert.False(string.IsNullOrEmpty(profile.Str("id")));
        Assert.Equal(JsonValueKind.Array, profile.GetProperty("roles").ValueKind);
        var expiresAt = profile.GetProperty("expires_at").GetDateTimeOffset();
        Assert.Equal(TimeSpan.Zero, expiresAt.Offset);
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddSeconds(ExpectedExpiresInSeconds + 5));
    }

    [SkippableFact]
    public async Task Profile_WithoutCredential_Returns401WithBearerChallenge()
    {
        var response = await Api.GetProfileAsync(null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [SkippableTheory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.e30.")]
    public async Task Profile_WithGarbageCredential_Returns401InvalidToken(string credential)
    {
        var response = await Api.GetProfileAsync(credential);

        await AssertInvalidTokenAsync(response);
    }

    [SkippableFact]
    public async Task Logout_KeepsTheStrategysPromise()
    {
        var (_, tokens) = await Api.SignUpAsync();
        var access = tokens.Str("access_token");

        var response = await Api.LogoutAsync(access);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Revocable || HasRefreshTokens, body.GetProperty("revoked").GetBoolean());
        Assert.Equal(TimeSpan.Zero, body.GetProperty("access_token_valid_until").GetDateTimeOffset().Offset);
        var after = await Api.GetProfileAsync(access);
        Assert.Equal(Revocable ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, after.StatusCode);
        if (Revocable)
        {
            await AssertInvalidTokenAsync(after);
        }
    }

    [SkippableFact]
    public async Task LogoutAll_KeepsTheStrategysPromiseForOtherSessions()
    {
        var (username, first) = await Api.SignUpAsync();
        var second = await Api.LoginOkAsync(username);

        var response = await Api.LogoutAllAsync(first.Str("access_token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Revocable || HasRefreshTokens, body.GetProperty("revoked").GetBoolean());
        var other = await Api.GetProfileAsync(second.Str("access_token"));
        Assert.Equal(Revocable ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, other.StatusCode);
    }

    [SkippableFact]
    public async Task LogoutAll_ThenLoginAgain_TheNewCredentialWorks()
    {
        var (username, first) = await Api.SignUpAsync();
        (await Api.LogoutAllAsync(first.Str("access_token"))).EnsureSuccessStatusCode();

        var again = await Api.LoginOkAsync(username);

        Assert.Equal(HttpStatusCode.OK, (await Api.GetProfileAsync(again.Str("access_token"))).StatusCode);
    }

    [SkippableFact]
    public async Task LogoutEndpoints_WithoutCredential_Return401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.SendAsync(HttpMethod.Post, "/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Api.SendAsync(HttpMethod.Post, "/auth/logout-all", "nonsense")).StatusCode);
    }

    // The trace id differs per request by design; everything else must be identical.
    private static async Task<string> WithoutTraceIdAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, JsonElement>>();
        Assert.NotNull(body);
        body.Remove("trace_id");
        body.Remove("traceId");
        return JsonSerializer.Serialize(body.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
    }

    protected static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("title", out _));
    }

    protected static async Task AssertInvalidTokenAsync(HttpResponseMessage response, string? descriptionContains = null)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith("Bearer", challenge, StringComparison.Ordinal);
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("error_description=", challenge, StringComparison.Ordinal);
        if (descriptionContains is not null)
        {
            Assert.Contains(descriptionContains, challenge, StringComparison.Ordinal);
        }

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }
}
