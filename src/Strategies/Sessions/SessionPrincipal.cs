using System.Globalization;
using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Jwt;

namespace AuthServer.Strategies.Sessions;

/// <summary>The same claims the JWT strategies carry, so <c>/profile</c> and logout read every strategy alike.</summary>
internal static class SessionPrincipal
{
    public static AuthenticatedPrincipal Create(string sessionHash, SessionRecord session, DateTimeOffset expiresAt, string scheme)
    {
        var claims = new List<Claim>(5 + session.Roles.Count)
        {
            new(AccessTokenClaims.Subject, session.UserId),
            new(AccessTokenClaims.Name, session.Username),
            new(AccessTokenClaims.SessionId, sessionHash),
            new(AccessTokenClaims.IssuedAt, (session.CreatedAt / 1000).ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            new(AccessTokenClaims.Expires, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        };
        claims.AddRange(session.Roles.Select(role => new Claim(AccessTokenClaims.Role, role)));
        return new AuthenticatedPrincipal(new ClaimsIdentity(claims, scheme, AccessTokenClaims.Name, AccessTokenClaims.Role));
    }
}
