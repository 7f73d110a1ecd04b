using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Jwt;

/// <summary>
/// A key set in the middle of a move from HS256 to ES256: two EC keys (one retiring) and an HS256 key.
/// Every EC key is published, the HMAC key never is, and each key only verifies its own algorithm.
/// </summary>
public sealed class MixedKeySetTests : IDisposable
{
    private static readonly string HmacKey = KeyRotationTests.NewSecret();
    private readonly AuthServerFactory server;
    private readonly ApiClient api;

    public MixedKeySetTests()
    {
        using var retiring = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var active = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        server = new AuthServerFactory("stateless-jwt", new Dictionary<string, string?>
        {
            ["Jwt:SigningKey"] = string.Empty,
            ["Jwt:Keys:0:Kid"] = "ec-retiring",
            ["Jwt:Keys:0:Algorithm"] = "ES256",
            ["Jwt:Keys:0:Key"] = retiring.ExportPkcs8PrivateKeyPem(),
            ["Jwt:Keys:1:Kid"] = "ec-active",
            ["Jwt:Keys:1:Algorithm"] = "ES256",
            ["Jwt:Keys:1:Key"] = active.ExportPkcs8PrivateKeyPem(),
            ["Jwt:Keys:2:Kid"] = "hs-old",
            ["Jwt:Keys:2:Algorithm"] = "HS256",
            ["Jwt:Keys:2:Key"] = HmacKey,
            ["Jwt:ActiveKeyId"] = "ec-active",
        }, environment: "Production");
        api = new ApiClient(server.CreateClient());
    }

    [Fact]
    public async Task Jwks_PublishesEveryEcKeyWithCacheControl_AndNeverTheHmacKey()
    {
        var response = await api.Http.GetAsync("/.well-known/jwks.json");
        var body = await response.Content.ReadAsStringAsync();
        var kids = JsonDocument.Parse(body).RootElement.GetProperty("keys").EnumerateArray().Select(k => k.Str("kid")).Order();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["ec-active", "ec-retiring"], kids);
        Assert.NotNull(response.Headers.CacheControl?.MaxAge);
        Assert.DoesNotContain("hs-old", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"k\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"d\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewTokens_AreSignedByTheActiveKey()
    {
        var (_, tokens) = await api.SignUpAsync("mixed");
        var (header, _) = TokenForge.Split(tokens.Str("access_token"));

        Assert.Equal("ec-active", header["kid"]!.GetValue<string>());
        Assert.Equal("ES256", header["alg"]!.GetValue<string>());
    }

    [Fact]
    public async Task HmacKey_StillVerifiesHs256_ButNotUnderAnEcKid()
    {
        var (_, tokens) = await api.SignUpAsync("mixed");
        var (header, payload) = TokenForge.Split(tokens.Str("access_token"));
        var secret = Encoding.UTF8.GetBytes(HmacKey);

        var underItsOwnKid = TokenForge.SignHmac(header.With("alg", "HS256").With("kid", "hs-old"), payload, secret);
        var underAnEcKid = TokenForge.SignHmac(header.With("alg", "HS256"), payload, secret);

        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(underItsOwnKid)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(underAnEcKid)).StatusCode);
    }

    [Fact]
    public async Task HmacKid_WithEs256_IsRefused()
    {
        var (_, tokens) = await api.SignUpAsync("mixed");
        var (header, payload) = TokenForge.Split(tokens.Str("access_token"));
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var forged = TokenForge.SignEcdsa(header.With("kid", "hs-old"), payload, attacker);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task Jwks_KeysVerifyTheServersTokens()
    {
        var (_, tokens) = await api.SignUpAsync("mixed");
        var jwks = await api.Http.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");
        var set = new Microsoft.IdentityModel.Tokens.JsonWebKeySet(jwks.GetRawText());

        var result = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(tokens.Str("access_token"), new()
        {
            IssuerSigningKeys = set.GetSigningKeys(),
            ValidateIssuer = false,
            ValidateAudience = false,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
    }

    public void Dispose() => server.Dispose();
}
