namespace AuthServer.Strategies.Options;

/// <summary>One entry of <c>Jwt:Keys</c>: a signing key with its id, given inline or as a file.</summary>
public sealed class JwtKeyOptions
{
    /// <summary>The <c>kid</c> header naming this key; when unset, derived from the key (a digest, or the JWK thumbprint).</summary>
    public string? Kid { get; set; }

    /// <summary><c>HS256</c> or <c>ES256</c>; when unset, <c>Jwt:Algorithm</c>.</summary>
    public string? Algorithm { get; set; }

    /// <summary>HS256 secret (its UTF-8 bytes, at least 32) or ES256 private key as PEM text.</summary>
    public string? Key { get; set; }

    /// <summary>Path of a file holding the key: the HS256 secret or the ES256 PEM. Read once at start.</summary>
    public string? File { get; set; }
}
