namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// Claim names every strategy's principal carries, JWT or session (RFC 7519 names): the host reads these and nothing
/// else. The JWT strategies' <c>AccessTokenClaims</c> adds what only a JWT has.
/// </summary>
public static class PrincipalClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string SessionId = "sid";
    public const string Expires = "exp";
    public const string IssuedAt = "iat";
}
