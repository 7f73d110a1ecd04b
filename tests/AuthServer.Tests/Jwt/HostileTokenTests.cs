using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthServer.Tests.Contract;
using AuthServer.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Tests.Jwt;

/// <summary>RFC 8725 and the OWASP JWT cheat sheet: every forged or bent token gets 401, never 200 or 5xx.</summary>
public sealed class HostileTokenTests(StatelessJwtServer server) : IClassFixture<StatelessJwtServer>
{
    private static readonly byte[] RealKey = Encoding.UTF8.GetBytes(AuthServerFactory.TestSigningKey);

    private readonly ApiClient api = new(server.CreateClient());

    [Fact]
    public async Task Baseline_TheRealTokenReSignedUnchanged_IsAccepted()
    {
        // Proves the forge signs exactly like the server, so each refusal below is about the one thing changed.
        var (header, payload) = await RealTokenPartsAsync();

        await AssertStatusAsync(HttpStatusCode.OK, TokenForge.SignHmac(header, payload, RealKey));
    }

    [Theory]
    [InlineData("none")]
    [InlineData("None")]
    [InlineData("NONE")]
    [InlineData("nOnE")]
    public async Task AlgNone_InAnyCase_IsRefused(string alg)
    {
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.Unsigned(header.With("alg", alg), payload));
        await AssertRefusedAsync(TokenForge.SignHmac(header.With("alg", alg), payload, RealKey));
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("exp")]
    public async Task RealKey_WithoutARequiredClaim_IsRefused(string claim)
    {
        // Only the server holds the key, but a token it did not issue must still be a 401, never a 500.
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.SignHmac(header, payload.Without(claim), RealKey));
    }

    [Theory]
    [InlineData("exp")]
    [InlineData("nbf")]
    [InlineData("iat")]
    public async Task RealKey_WithANumericDateAsAString_IsRefused(string claim)
    {
        // RFC 7519 §2: NumericDate is a JSON number. A string there is not a date, whatever it spells.
        var (header, payload) = await RealTokenPartsAsync();
        var seconds = payload[claim]!.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture);

        await AssertRefusedAsync(TokenForge.SignHmac(header, payload.With(claim, seconds), RealKey), "NumericDate");
    }

    [Fact]
    public async Task WrongKey_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.SignHmac(header, payload, RandomNumberGenerator.GetBytes(48)), "signature");
    }

    [Theory]
    [InlineData("HS384", 384)]
    [InlineData("HS512", 512)]
    public async Task OtherHmacSize_WithTheRightKey_IsRefused(string alg, int bits)
    {
        var (header, payload) = await RealTokenPartsAsync();

        // IdentityModel reports a refused algorithm as a signature failure (IDX10511).
        await AssertRefusedAsync(TokenForge.SignHmac(header.With("alg", alg), payload, RealKey, bits), "signature");
    }

    [Fact]
    public async Task Es256Token_UnderHs256_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        await AssertRefusedAsync(TokenForge.SignEcdsa(header.With("alg", "ES256"), payload, attacker));
    }

    [Fact]
    public async Task TamperedPayload_IsRefused()
    {
        var real = await RealTokenAsync();
        var (_, payload) = TokenForge.Split(real);
        var parts = real.Split('.');

        var tampered = parts[0] + "." + TokenForge.Encode(payload.With("name", "admin-user").With("role", "admin")) + "." + parts[2];

        await AssertRefusedAsync(tampered, "signature");
    }

    [Fact]
    public async Task TamperedHeader_IsRefused()
    {
        var real = await RealTokenAsync();
        var (header, _) = TokenForge.Split(real);
        var parts = real.Split('.');

        await AssertRefusedAsync(TokenForge.Encode(header.With("x", "y")) + "." + parts[1] + "." + parts[2], "signature");
    }

    [Fact]
    public async Task TamperedSignature_IsRefused()
    {
        var real = await RealTokenAsync();
        var flipped = real[..^2] + (real[^2] == 'A' ? 'B' : 'A') + real[^1];

        await AssertRefusedAsync(flipped);
    }

    [Fact]
    public async Task Expired_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();
        var expired = payload.With("iat", TokenForge.UnixNow(-7200)).With("nbf", TokenForge.UnixNow(-7200)).With("exp", TokenForge.UnixNow(-60));

        await AssertRefusedAsync(TokenForge.SignHmac(header, expired, RealKey), "expired");
    }

    [Fact]
    public async Task ExpiredWithinTheClockSkew_IsStillAccepted()
    {
        var (header, payload) = await RealTokenPartsAsync();
        var justExpired = payload.With("exp", TokenForge.UnixNow(-10));

        await AssertStatusAsync(HttpStatusCode.OK, TokenForge.SignHmac(header, justExpired, RealKey));
    }

    [Fact]
    public async Task NotYetValid_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.SignHmac(header, payload.With("nbf", TokenForge.UnixNow(600)), RealKey), "not valid yet");
    }

    [Fact]
    public async Task WithoutExp_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.SignHmac(header, payload.Without("exp"), RealKey), "exp");
    }

    [Fact]
    public async Task WrongIssuer_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.SignHmac(header, payload.With("iss", "evil"), RealKey), "issuer");
    }

    [Fact]
    public async Task WrongAudience_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.SignHmac(header, payload.With("aud", "someone-else"), RealKey), "audience");
    }

    [Fact]
    public async Task NotAnAccessTokenType_IsRefused()
    {
        var (header, payload) = await RealTokenPartsAsync();

        await AssertRefusedAsync(TokenForge.SignHmac(header.With("typ", "JWT"), payload, RealKey), "access token");
    }

    [Theory]
    [InlineData("unknown-key")]
    [InlineData("../../../../dev/null")]
    [InlineData("' OR '1'='1")]
    [InlineData("")]
    public async Task KidInjection_IsRefused(string kid)
    {
        var (header, payload) = await RealTokenPartsAsync();

        // Signed with the real key: only the kid is wrong, and an unknown kid is refused rather than tried against every key.
        await AssertRefusedAsync(TokenForge.SignHmac(header.With("kid", kid), payload, RealKey));
        await AssertRefusedAsync(TokenForge.SignHmac(header.With("kid", kid), payload, Encoding.UTF8.GetBytes(kid.PadRight(32, 'x'))));
    }

    [Fact]
    public async Task JwkHeader_WithTheAttackersKey_IsNotFollowed()
    {
        var (header, payload) = await RealTokenPartsAsync();
        var attackerKey = RandomNumberGenerator.GetBytes(32);
        var jwk = new JsonObject { ["kty"] = "oct", ["k"] = Base64UrlEncoder.Encode(attackerKey) };

        await AssertRefusedAsync(TokenForge.SignHmac(header.With("jwk", jwk), payload, attackerKey));
    }

    [Theory]
    [InlineData("jku")]
    [InlineData("x5u")]
    public async Task KeyUrlHeaders_AreNotFollowed(string name)
    {
        var (header, payload) = await RealTokenPartsAsync();
        var attackerKey = RandomNumberGenerator.GetBytes(32);

        await AssertRefusedAsync(TokenForge.SignHmac(header.With(name, "http://127.0.0.1:1/keys.json"), payload, attackerKey));
    }

    [Fact]
    public async Task EmbeddedX5c_IsNotFollowed()
    {
        var (header, payload) = await RealTokenPartsAsync();
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=evil", attacker, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var x5c = new JsonArray(Convert.ToBase64String(certificate.RawData));

        await AssertRefusedAsync(TokenForge.SignEcdsa(header.With("alg", "ES256").With("x5c", x5c), payload, attacker));
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("...")]
    [InlineData("eyJ.eyJ.sig")]
    [InlineData("not-base64!.$$$.%%%")]
    public async Task MalformedTokens_Get401NotAServerError(string token)
    {
        var response = await api.GetProfileAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> RealTokenAsync() => (await api.SignUpAsync("hostile")).Tokens.Str("access_token");

    private async Task<(JsonObject Header, JsonObject Payload)> RealTokenPartsAsync() => TokenForge.Split(await RealTokenAsync());

    private async Task AssertStatusAsync(HttpStatusCode expected, string token) =>
        Assert.Equal(expected, (await api.GetProfileAsync(token)).StatusCode);

    private async Task AssertRefusedAsync(string token, string? reason = null)
    {
        var response = await api.GetProfileAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("invalid_token", challenge, StringComparison.Ordinal);
        if (reason is not null)
        {
            Assert.True(challenge.Contains(reason, StringComparison.Ordinal), $"'{reason}' not in: {challenge}");
        }
    }
}
