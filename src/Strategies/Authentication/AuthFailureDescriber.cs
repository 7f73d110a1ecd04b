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
}
