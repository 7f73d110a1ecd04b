using AuthServer.Strategies.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>The contract's JWT rules as <see cref="TokenValidationParameters"/> (RFC 8725).</summary>
internal static class AccessTokenValidation
{
    public static TokenValidationParameters CreateParameters(SigningKeys keys, JwtOptions jwt, TimeProvider time) => new()
    {
        ValidIssuer = jwt.Issuer,
        ValidAudience = jwt.Audience,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        // Pinned per key: alg=none, other HMAC sizes and the other key family are refused (RFC 8725 §2.1, §3.1).
        ValidAlgorithms = [.. keys.Algorithms],
        AlgorithmValidator = (algorithm, key, _, _) => keys.Accepts(algorithm, key),
        ValidTypes = [AccessTokenClaims.TokenType],
        IssuerSigningKeys = keys.ValidationKeys,
        // An unknown kid is refused instead of trying every key.
        TryAllIssuerSigningKeys = false,
        ClockSkew = jwt.ClockSkew,
        NameClaimType = AccessTokenClaims.Name,
        RoleClaimType = AccessTokenClaims.Role,
        LifetimeValidator = (notBefore, expires, token, parameters) => NumericDates.Require(token) && ValidateLifetime(notBefore, expires, parameters, time),
    };

    // IdentityModel reads the wall clock itself; this keeps the rule on TimeProvider so tests can move time.
    private static bool ValidateLifetime(DateTime? notBefore, DateTime? expires, TokenValidationParameters parameters, TimeProvider time)
    {
        if (expires is null)
        {
            throw new SecurityTokenNoExpirationException("IDX10225: the token has no expiration time (exp).");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("IDX10222: the token is not yet valid (nbf).") { NotBefore = nbf };
        }

        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("IDX10223: the token has expired (exp).") { Expires = expires.Value };
        }

        return true;
    }
}
