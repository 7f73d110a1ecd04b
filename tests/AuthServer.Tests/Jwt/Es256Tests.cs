using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Jwt;

public sealed class Es256Server() : AuthServerFactory("stateless-jwt", new Dictionary<string, string?> { ["Jwt:Algorithm"] = "ES256" });

/// <summary>ES256: the public key is published with its kid, and cannot be turned against the server.</summary>
public sealed class Es256Tests(Es256Server server) : IClassFixture<Es256Server>
{
    private readonly ApiClient api = new(server.CreateClient());

    [Fact]
    public async Task Es256Token_Works_AndNamesAPublishedKey()
    {
        var (_, tokens) = await api.SignUpAsync("es");
        var access = tokens.Str("access_token");
        var (header, _) = TokenForge.Split(access);

        var jwksResponse = await api.Http.GetAsync("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(access)).StatusCode);
        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, jwksResponse.StatusCode);
        Assert.Contains("max-age", jwksResponse.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var key = Assert.Single((await jwksResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("keys").EnumerateArray());
        Assert.Equal(header["kid"]!.GetValue<string>(), key.Str("kid"));
        Assert.Equal("EC", key.Str("kty"));
        Assert.Equal("P-256", key.Str("crv"));
        Assert.False(key.TryGetProperty("d", out _), "The private key must never be published.");
    }

    [Fact]
    public async Task Discovery_PointsAtThePublishedKeys()
    {
        var document = await api.Http.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var jwksUri = new Uri(document.Str("jwks_uri"));

        Assert.Equal("/.well-known/jwks.json", jwksUri.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync(jwksUri.PathAndQuery)).StatusCode);
        Assert.Equal(["ES256"], document.GetProperty("access_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Hs256SignedWithThePublicKey_IsRefused()
    {
        var (_, tokens) = await api.SignUpAsync("es");
        var (header, payload) = TokenForge.Split(tokens.Str("access_token"));
        var jwks = await api.Http.GetStringAsync("/.well-known/jwks.json");
        var key = (await api.Http.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json")).GetProperty("keys")[0];

        // The classic algorithm-confusion attack: the public key used as an HMAC secret.
        foreach (var secret in new[] { Encoding.UTF8.GetBytes(jwks), Encoding.UTF8.GetBytes(key.GetRawText()), Encoding.UTF8.GetBytes(key.Str("x") + key.Str("y")) })
        {
            var forged = TokenForge.SignHmac(header.With("alg", "HS256"), payload, secret);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(forged)).StatusCode);
        }
    }

    [Fact]
    public async Task Es256SignedByAnotherKeyWithTheSameKid_IsRefused()
    {
        var (_, tokens) = await api.SignUpAsync("es");
        var (header, payload) = TokenForge.Split(tokens.Str("access_token"));
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forged = TokenForge.SignEcdsa(header, payload, attacker);

        var response = await api.GetProfileAsync(forged);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("signature", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
