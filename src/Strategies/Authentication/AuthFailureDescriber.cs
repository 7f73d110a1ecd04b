using AuthServer.Strategies.Telemetry;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Authentication;

/// <summary>Turns an authentication failure into the RFC 6750 <c>error_description</c> a client can act on.</summary>
public static class AuthFailureDescriber
{
    public static string Describe(Exception failure) => failure switch
    {
        RevokedCredentialException revoked => revoked.Message,
        WrongCredentialKindException wrongKind => wrongKind.Message,
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf is in the future)",
        SecurityTokenNoExpirationException => "the token has no expiration time (exp)",
        SecurityTokenInvalidLifetimeException lifetime => lifetime.Message,
        SecurityTokenInvalidAlgorithmException => "the token's signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "the token's signing key is unknown (kid)",
        SecurityTokenInvalidSignatureException => "the token's signature is invalid",
        SecurityTokenInvalidIssuerException => "the token's issuer is not accepted",
        SecurityTokenInvalidAudienceException => "the token's audience is not accepted",
        SecurityTokenInvalidTypeException => "the token is not an access token (typ)",
        SecurityTokenMalformedException => "the token is malformed",
        ArgumentException => "the token is malformed",
        _ => "the token is invalid",
    };

    /// <summary>The same failure as a low-cardinality metric tag (one of <see cref="AuthResults"/>).</summary>
    public static string Reason(Exception failure) => failure switch
    {
        RevokedCredentialException => AuthResults.Revoked,
        StoreUnavailableException => AuthResults.StoreUnavailable,
        SecurityTokenExpiredException => AuthResults.Expired,
        SecurityTokenNotYetValidException => AuthResults.NotYetValid,
        SecurityTokenNoExpirationException => AuthResults.NoExpiry,
        SecurityTokenInvalidAlgorithmException => AuthResults.BadAlgorithm,
        SecurityTokenSignatureKeyNotFoundException => AuthResults.UnknownKey,
        SecurityTokenInvalidSignatureException => AuthResults.BadSignature,
        SecurityTokenInvalidIssuerException => AuthResults.BadIssuer,
        SecurityTokenInvalidAudienceException => AuthResults.BadAudience,
        SecurityTokenInvalidTypeException => AuthResults.WrongType,
        SecurityTokenMalformedException or ArgumentException or SecurityTokenInvalidLifetimeException => AuthResults.Malformed,
        _ => AuthResults.Invalid,
    };
}
