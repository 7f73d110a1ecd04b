using System.Security.Cryptography;
using System.Text;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>A key that verifies tokens, the one algorithm it is used with (RFC 8725 §3.1), and its public JWK (ES256 only).</summary>
internal sealed record VerificationKey(SecurityKey Key, string Algorithm, JsonWebKey? PublicJwk)
{
    public string Kid => Key.KeyId;
}

/// <summary>Turns key settings (inline or a file) into keys; a bad key stops the server with a message naming its setting.</summary>
internal static class KeyLoader
{
    public static VerificationKey FromEntry(JwtKeyOptions entry, int index, string defaultAlgorithm, bool development)
    {
        var path = $"Jwt:Keys:{index}";
        var (material, name) = entry.File is { Length: > 0 } file ? (ReadFile(file, $"{path}:File"), $"{path}:File") : (entry.Key!, $"{path}:Key");
        return Load(entry.Kid, entry.Algorithm ?? defaultAlgorithm, material, name, development);
    }

    /// <summary>The single key of <c>Jwt:SigningKey</c>, <c>Jwt:EcdsaKey</c> or <c>Jwt:EcdsaKeyFile</c>; null when none is set.</summary>
    public static VerificationKey? FromShorthand(JwtOptions jwt, bool development) => jwt.Algorithm switch
    {
        "HS256" when !string.IsNullOrEmpty(jwt.SigningKey) => Load(null, "HS256", jwt.SigningKey, "Jwt:SigningKey", development),
        "ES256" when !string.IsNullOrEmpty(jwt.EcdsaKey) => Load(null, "ES256", jwt.EcdsaKey, "Jwt:EcdsaKey", development),
        "ES256" when !string.IsNullOrEmpty(jwt.EcdsaKeyFile) => Load(null, "ES256", ReadFile(jwt.EcdsaKeyFile, "Jwt:EcdsaKeyFile"), "Jwt:EcdsaKeyFile", development),
        _ => null,
    };

    /// <summary>A random key that lives as long as the process (Development only; the validator refuses elsewhere).</summary>
    public static VerificationKey Ephemeral(string algorithm) => algorithm == "ES256"
        ? Ecdsa(null, ECDsa.Create(ECCurve.NamedCurves.nistP256))
        : Hmac(null, RandomNumberGenerator.GetBytes(32));

    private static VerificationKey Load(string? kid, string algorithm, string material, string name, bool development)
    {
        if (algorithm == "ES256")
        {
            var ecdsa = ECDsa.Create();
            try
            {
                ecdsa.ImportFromPem(material);
            }
            catch (ArgumentException)
            {
                throw Refuse($"{name} must hold a P-256 private key as PEM text.");
            }

            return ecdsa.KeySize == 256 ? Ecdsa(kid, ecdsa) : throw Refuse($"{name} must be a P-256 key for ES256.");
        }

        var errors = new List<string>();
        JwtOptionsValidator.CheckSecret(errors, material, name, development);
        return errors.Count == 0 ? Hmac(kid, Encoding.UTF8.GetBytes(material)) : throw Refuse(errors[0]);
    }

    // The derived kid is a short digest of the key: it names the key without revealing it.
    private static VerificationKey Hmac(string? kid, byte[] bytes) =>
        new(new SymmetricSecurityKey(bytes) { KeyId = kid ?? "hs256-" + Base64UrlEncoder.Encode(SHA256.HashData(bytes))[..16] }, SecurityAlgorithms.HmacSha256, null);

    private static VerificationKey Ecdsa(string? kid, ECDsa ecdsa)
    {
        var publicOnly = ECDsa.Create(ecdsa.ExportParameters(includePrivateParameters: false));
        var publicJwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(publicOnly));
        publicJwk.KeyId = kid ?? Base64UrlEncoder.Encode(publicJwk.ComputeJwkThumbprint());
        publicJwk.Use = "sig";
        publicJwk.Alg = SecurityAlgorithms.EcdsaSha256;
        return new(new ECDsaSecurityKey(ecdsa) { KeyId = publicJwk.KeyId }, SecurityAlgorithms.EcdsaSha256, publicJwk);
    }

    // A file key may end with a newline; its content is never echoed in a message.
    private static string ReadFile(string path, string name)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Refuse($"{name} cannot be read: {ex.GetType().Name}.");
        }
    }

    internal static OptionsValidationException Refuse(string message) => new(JwtOptions.Section, typeof(JwtOptions), [message]);
}
