using System.Security.Cryptography;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>An access token as issued.</summary>
internal sealed record IssuedJwt(string Token, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>Creates signed access tokens with <see cref="JsonWebTokenHandler"/>.</summary>
internal sealed class JwtIssuer(SigningKeys keys, IOptions<JwtOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    // issuedAt: now when null; jwt-blacklist moves it past a logout-all made in the same second.
    public IssuedJwt Issue(AuthUser user, string sessionId, TimeSpan lifetime, DateTimeOffset? issuedAt = null)
    {
        var now = issuedAt ?? time.GetUtcNow();
        var expires = now + lifetime;
        var tokenId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var claims = new Dictionary<string, object>
        {
            [AccessTokenClaims.Subject] = user.Id,
            [AccessTokenClaims.Name] = user.Username,
            [AccessTokenClaims.SessionId] = sessionId,
            [AccessTokenClaims.TokenId] = tokenId,
        };
        if (user.Roles.Count > 0)
        {
            claims[AccessTokenClaims.Role] = user.Roles.ToArray();
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = keys.Credentials,
            TokenType = AccessTokenClaims.TokenType,
        };
        // exp is whole seconds: report the instant the token really stops working.
        var exp = DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds());
        return new IssuedJwt(handler.CreateToken(descriptor), tokenId, exp);
    }
}
