namespace AuthServer.OpenApi;

/// <summary>RFC 7009 §2.1 request, sent as <c>application/x-www-form-urlencoded</c>; described here, read from the form by the handler.</summary>
/// <param name="Token">The access or refresh token to revoke.</param>
/// <param name="TokenTypeHint"><c>access_token</c> or <c>refresh_token</c> (optional, and ignored: every kind of token is searched, RFC 7009 §2.1).</param>
public sealed record RevokeForm(string Token, string? TokenTypeHint);

/// <summary>RFC 7662 §2.1 request, sent as <c>application/x-www-form-urlencoded</c> with HTTP Basic client credentials.</summary>
/// <param name="Token">The credential to look at: an access credential (JWT or session id) or a refresh token.</param>
/// <param name="TokenTypeHint"><c>access_token</c> or <c>refresh_token</c> (optional; it only orders the search).</param>
public sealed record IntrospectForm(string Token, string? TokenTypeHint);

/// <summary>The JWK Set of <c>/.well-known/jwks.json</c> (RFC 7517 §5).</summary>
public sealed record JsonWebKeySetDocument(IReadOnlyList<PublicJsonWebKey> Keys);

/// <summary>A public EC P-256 key (RFC 7518 §6.2).</summary>
public sealed record PublicJsonWebKey(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);
