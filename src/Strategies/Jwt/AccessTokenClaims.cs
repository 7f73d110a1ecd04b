namespace AuthServer.Strategies.Jwt;

/// <summary>Claim names used in access tokens and principals (RFC 7519, RFC 9068).</summary>
public static class AccessTokenClaims
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string SessionId = "sid";
    public const string TokenId = "jti";
    public const string Expires = "exp";
    public const string IssuedAt = "iat";

    /// <summary>jwt-blacklist: the user's revocation generation when the token was issued; a logout-all raises it.</summary>
    public const string Generation = RevocationCheck.GenerationClaim;

    /// <summary>RFC 9068 media type of a JWT access token, checked on the way in.</summary>
    public const string TokenType = "at+jwt";
}
