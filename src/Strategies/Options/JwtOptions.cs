namespace AuthServer.Strategies.Options;

/// <summary>The <c>Jwt</c> section: how access tokens are signed and checked.</summary>
public sealed class JwtOptions
{
    public const string Section = "Jwt";

    /// <summary><c>HS256</c> (default) or <c>ES256</c>: the single key's algorithm, and the default of each <see cref="Keys"/> entry.</summary>
    public string Algorithm { get; set; } = "HS256";

    /// <summary>HS256 secret; its UTF-8 bytes are the key, at least 32 of them.</summary>
    public string? SigningKey { get; set; }

    /// <summary>ES256 private key as PKCS#8 or SEC1 PEM text.</summary>
    public string? EcdsaKey { get; set; }

    /// <summary>Path of a PEM file holding the ES256 private key.</summary>
    public string? EcdsaKeyFile { get; set; }

    /// <summary>
    /// Several keys for rotation: <see cref="ActiveKeyId"/> signs, every other one only verifies until it is removed.
    /// When empty, <see cref="SigningKey"/> or <see cref="EcdsaKey"/>/<see cref="EcdsaKeyFile"/> is the single key.
    /// </summary>
    public IList<JwtKeyOptions> Keys { get; } = [];

    /// <summary>The <c>kid</c> of the entry in <see cref="Keys"/> that signs new tokens; optional with one key.</summary>
    public string? ActiveKeyId { get; set; }

    public string Issuer { get; set; } = "authserver";

    public string Audience { get; set; } = "authserver-clients";

    /// <summary>Tolerated clock difference when checking <c>exp</c> and <c>nbf</c>; at most 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
