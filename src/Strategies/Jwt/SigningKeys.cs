using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>The key that signs access tokens, the keys that verify them, and the public JWKS (ES256 only).</summary>
internal sealed class SigningKeys : IPublishedKeys
{
    public SigningKeys(IOptions<JwtOptions> options, IHostEnvironment environment, ILogger<SigningKeys> logger)
    {
        var jwt = options.Value;
        Algorithm = jwt.Algorithm == "ES256" ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.HmacSha256;
        SecurityKey key = Algorithm == SecurityAlgorithms.HmacSha256
            ? CreateHmacKey(jwt, environment, logger)
            : CreateEcdsaKey(jwt, environment, logger, out publicJwks);
        Credentials = new SigningCredentials(key, Algorithm);
        ValidationKeys = [key];
    }

    private readonly JsonWebKeySet? publicJwks;

    /// <summary>The pinned JWS algorithm (RFC 8725 §3.1).</summary>
    public string Algorithm { get; }

    public SigningCredentials Credentials { get; }

    public IReadOnlyList<SecurityKey> ValidationKeys { get; }

    /// <summary>Public keys for <c>/.well-known/jwks.json</c>; null under HS256, whose key is secret.</summary>
    public JsonWebKeySet? PublicJwks => publicJwks;

    private static SymmetricSecurityKey CreateHmacKey(JwtOptions jwt, IHostEnvironment environment, ILogger logger)
    {
        byte[] bytes;
        if (string.IsNullOrEmpty(jwt.SigningKey))
        {
            // The options validator already refused this outside Development.
            bytes = RandomNumberGenerator.GetBytes(32);
            SigningKeysLog.EphemeralKey(logger, "HS256", environment.EnvironmentName);
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(jwt.SigningKey);
        }

        // The kid is a short digest of the key: it names the key without revealing it.
        var kid = "hs256-" + Base64UrlEncoder.Encode(SHA256.HashData(bytes))[..16];
        return new SymmetricSecurityKey(bytes) { KeyId = kid };
    }

    private static ECDsaSecurityKey CreateEcdsaKey(JwtOptions jwt, IHostEnvironment environment, ILogger logger, out JsonWebKeySet jwks)
    {
        var ecdsa = ECDsa.Create();
        var pem = jwt.EcdsaKey ?? (jwt.EcdsaKeyFile is { Length: > 0 } file ? File.ReadAllText(file) : null);
        if (pem is null)
        {
            ecdsa.GenerateKey(ECCurve.NamedCurves.nistP256);
            SigningKeysLog.EphemeralKey(logger, "ES256", environment.EnvironmentName);
        }
        else
        {
            ecdsa.ImportFromPem(pem);
            if (ecdsa.KeySize != 256)
            {
                throw new OptionsValidationException(JwtOptions.Section, typeof(JwtOptions), ["Jwt:EcdsaKey must be a P-256 key for ES256."]);
            }
        }

        var publicOnly = ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: false));
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicOnly));
        var kid = Base64UrlEncoder.Encode(publicJwk.ComputeJwkThumbprint());
        publicJwk.KeyId = kid;
        publicJwk.Use = "sig";
        publicJwk.Alg = SecurityAlgorithms.EcdsaSha256;
        jwks = new JsonWebKeySet();
        jwks.Keys.Add(publicJwk);
        return new ECDsaSecurityKey(ecdsa) { KeyId = kid };
    }
}

internal static partial class SigningKeysLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "No {Algorithm} signing key is configured in environment {Environment}: using an ephemeral key; tokens stop working when the process stops and are not shared between instances")]
    public static partial void EphemeralKey(ILogger logger, string algorithm, string environment);
}
