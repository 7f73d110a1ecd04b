using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// RFC 7519 §2: <c>exp</c>, <c>nbf</c> and <c>iat</c> are NumericDates, JSON numbers. IdentityModel also reads a string
/// that spells a number, and keeps no trace of it, so the payload's JSON is read here (once per token: a validated token
/// is cached). Such a token was not made by this server: it is refused (CONTRACT: "a string there is refused").
/// </summary>
internal static class NumericDates
{
    public static bool Require(SecurityToken token)
    {
        if (token is not JsonWebToken jwt)
        {
            return true;
        }

        var reader = new Utf8JsonReader(Base64UrlEncoder.DecodeBytes(jwt.EncodedPayload));
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.ValueTextEquals(AccessTokenClaims.Expires) ? AccessTokenClaims.Expires
                : reader.ValueTextEquals("nbf") ? "nbf"
                : reader.ValueTextEquals(AccessTokenClaims.IssuedAt) ? AccessTokenClaims.IssuedAt
                : null;
            reader.Read();
            if (name is not null && reader.TokenType != JsonTokenType.Number)
            {
                throw new SecurityTokenInvalidLifetimeException($"the token's {name} is not a NumericDate (a JSON number)");
            }

            reader.Skip();
        }

        return true;
    }
}
