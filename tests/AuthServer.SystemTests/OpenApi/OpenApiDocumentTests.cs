using System.Text.Json;

namespace AuthServer.SystemTests.OpenApi;

/// <summary>The served OpenAPI document against CONTRACT.md's endpoint table: paths, methods, statuses, bodies, the bearer scheme.</summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentFixture fixture) : IClassFixture<OpenApiDocumentFixture>
{
    private const string Problem = "application/problem+json";
    private const string Json = "application/json";

    /// <summary>Every contract endpoint: whether it takes a bearer credential, and each status with its media type.</summary>
    public static TheoryData<string, string, bool, string[]> ContractEndpoints() => new()
    {
        { "post", "/auth/register", false, ["201 " + Json, "400 " + Problem, "409 " + Problem, "429 " + Problem, "503 " + Problem] },
        { "post", "/auth/login", false, ["200 " + Json, "400 " + Problem, "401 " + Problem, "429 " + Problem, "503 " + Problem] },
        { "post", "/auth/password", true, ["200 " + Json, "400 " + Problem, "401 " + Problem, "429 " + Problem, "503 " + Problem] },
        { "get", "/profile", true, ["200 " + Json, "401 " + Problem] },
        { "post", "/auth/refresh", false, ["200 " + Json, "400 " + Json, "401 " + Json] },
        { "post", "/auth/logout", true, ["200 " + Json, "401 " + Problem] },
        { "post", "/auth/logout-all", true, ["200 " + Json, "401 " + Problem] },
        { "post", "/auth/revoke", false, ["200 " + Json, "400 " + Json] },
        { "post", "/admin/users/{username}/revoke", true, ["200 " + Json, "401 " + Problem, "403 " + Problem, "404 " + Problem] },
        { "put", "/admin/users/{username}/roles/admin", true, ["200 " + Json, "401 " + Problem, "403 " + Problem, "404 " + Problem, "503 " + Problem] },
        { "delete", "/admin/users/{username}/roles/admin", true, ["200 " + Json, "401 " + Problem, "403 " + Problem, "404 " + Problem, "503 " + Problem] },
        { "get", "/auth/strategy", false, ["200 " + Json] },
        { "get", "/health/live", false, ["200 text/plain"] },
        { "get", "/health/ready", false, ["200 " + Json, "503 " + Json] },
        { "get", "/.well-known/jwks.json", false, ["200 application/jwk-set+json", "404 " + Problem] },
        { "get", "/.well-known/openid-configuration", false, ["200 " + Json] },
        { "post", "/auth/introspect", false, ["200 " + Json, "400 " + Json, "401 " + Json, "429 " + Problem] },
    };

    private JsonElement Root => fixture.Root;

    [Theory]
    [MemberData(nameof(ContractEndpoints))]
    public void Document_DescribesContractEndpoint(string method, string path, bool bearer, string[] responses)
    {
        Assert.True(Root.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is missing");
        Assert.True(item.TryGetProperty(method, out var operation), $"{method} {path} is missing");

        var documented = operation.GetProperty("responses");
        foreach (var expected in responses)
        {
            var (status, mediaType) = (expected[..3], expected[4..]);
            Assert.True(documented.TryGetProperty(status, out var response), $"{method} {path} lacks {status}");
            Assert.True(response.GetProperty("content").TryGetProperty(mediaType, out _), $"{method} {path} {status} is not {mediaType}");
        }

        var secured = operation.TryGetProperty("security", out var security)
            && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _));
        Assert.Equal(bearer, secured);
        if (bearer)
        {
            Assert.True(documented.GetProperty("401").GetProperty("headers").TryGetProperty("WWW-Authenticate", out _));
        }
    }

    [Fact]
    public void Document_DeclaresTheBearerScheme()
    {
        var scheme = Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
    }

    [Theory]
    [InlineData("post", "/auth/register", Json, "username password")]
    [InlineData("post", "/auth/login", Json, "username password")]
    [InlineData("post", "/auth/refresh", Json, "refresh_token")]
    [InlineData("post", "/auth/password", Json, "current_password new_password")]
    [InlineData("post", "/auth/revoke", "application/x-www-form-urlencoded", "token token_type_hint")]
    [InlineData("post", "/auth/introspect", "application/x-www-form-urlencoded", "token token_type_hint")]
    public void Document_DescribesRequestBody(string method, string path, string mediaType, string properties)
    {
        var schema = Resolve(Root.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("requestBody").GetProperty("content").GetProperty(mediaType).GetProperty("schema"));
        AssertProperties(schema, properties);
    }

    [Theory]
    [InlineData("post", "/auth/login", "200", "access_token token_type expires_in strategy refresh_token refresh_expires_in")]
    [InlineData("post", "/auth/refresh", "200", "access_token token_type expires_in strategy refresh_token refresh_expires_in")]
    [InlineData("post", "/auth/refresh", "401", "error error_description")]
    [InlineData("post", "/auth/revoke", "400", "error error_description")]
    [InlineData("post", "/auth/register", "201", "id username")]
    [InlineData("get", "/profile", "200", "id username strategy roles expires_at")]
    [InlineData("get", "/profile", "401", "type title status detail")]
    [InlineData("post", "/auth/logout", "200", "revoked access_token_valid_until")]
    [InlineData("post", "/auth/password", "200", "revoked access_token_valid_until")]
    [InlineData("get", "/auth/strategy", "200", "strategy revocable refresh_tokens needs_redis access_token_lifetime_seconds")]
    [InlineData("get", "/.well-known/jwks.json", "200", "keys")]
    [InlineData("get", "/.well-known/openid-configuration", "200", "issuer jwks_uri revocation_endpoint introspection_endpoint introspection_endpoint_auth_methods_supported access_token_signing_alg_values_supported")]
    [InlineData("post", "/auth/introspect", "200", "active token_type sub username exp iat nbf iss aud jti roles")]
    [InlineData("post", "/auth/introspect", "401", "error error_description")]
    public void Document_DescribesResponseBody(string method, string path, string status, string properties)
    {
        var content = Root.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty(status).GetProperty("content");
        var schema = Resolve(content.EnumerateObject().Single().Value.GetProperty("schema"));
        AssertProperties(schema, properties);
    }

    [Fact]
    public void Document_Introspection_TakesHttpBasicClientCredentials_NotABearer()
    {
        var scheme = Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("IntrospectionClient");
        var operation = Root.GetProperty("paths").GetProperty("/auth/introspect").GetProperty("post");

        Assert.Equal("basic", scheme.GetProperty("scheme").GetString());
        Assert.Contains(operation.GetProperty("security").EnumerateArray(), requirement => requirement.TryGetProperty("IntrospectionClient", out _));
        Assert.True(operation.GetProperty("responses").GetProperty("401").GetProperty("headers").TryGetProperty("WWW-Authenticate", out _));
    }

    [Fact]
    public void Document_LeavesOutTheDemoAndMetrics()
    {
        var paths = Root.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain(paths, p => p.StartsWith("/demo", StringComparison.Ordinal) || p.StartsWith("/metrics", StringComparison.Ordinal));
    }

    // A nullable body is documented as oneOf [null, $ref]: the server answers such a request 400.
    private JsonElement Resolve(JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var choices))
        {
            schema = choices.EnumerateArray().Single(c => c.TryGetProperty("$ref", out _));
        }

        return schema.TryGetProperty("$ref", out var reference)
            ? Root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!["#/components/schemas/".Length..])
            : schema;
    }

    private static void AssertProperties(JsonElement schema, string properties)
    {
        var documented = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(properties.Split(' '), name => Assert.Contains(name, documented));
    }
}
