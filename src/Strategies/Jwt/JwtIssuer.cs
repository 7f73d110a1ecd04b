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

    // revocationGeneration: jwt-blacklist's per-user generation, compared with the user's current one on every request.
    public IssuedJwt Issue(AuthUser user, string sessionId, TimeSpan lifetime, long? revocationGeneration = null)
    {
        var now = time.GetUtcNow();
        var expires = now + lifetime;
        var tokenId = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var claims = new Dictionary<string, object>
        {
            [AccessTokenClaims.Subject] = user.Id,
            [AccessTokenClaims.Name] = user.Username,
            [AccessTokenClaims.SessionId] = sessionId,
            [AccessTokenClaims.TokenId] = tokenId,
        };
        if (revocationGeneration is { } generation)
        {
            claims[AccessTokenClaims.Generation] = generation;
        }

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
