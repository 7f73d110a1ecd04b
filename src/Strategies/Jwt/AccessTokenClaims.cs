using AuthServer.Strategies.Abstractions;

namespace AuthServer.Strategies.Jwt;

/// <summary>Claim names used in access tokens and principals (RFC 7519, RFC 9068); the shared ones are <see cref="PrincipalClaims"/>.</summary>
public static class AccessTokenClaims
{
    public const string Subject = PrincipalClaims.Subject;
    public const string Name = PrincipalClaims.Name;
    public const string Role = PrincipalClaims.Role;
    public const string SessionId = PrincipalClaims.SessionId;
    public const string TokenId = "jti";
    public const string Expires = PrincipalClaims.Expires;
    public const string IssuedAt = PrincipalClaims.IssuedAt;

    /// <summary>jwt-blacklist: the user's revocation generation when the token was issued; a logout-all raises it.</summary>
    public const string Generation = RevocationCheck.GenerationClaim;

    /// <summary>RFC 9068 media type of a JWT access token, checked on the way in.</summary>
    public const string TokenType = "at+jwt";
}
