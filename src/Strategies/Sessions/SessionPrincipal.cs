using System.Globalization;
using System.Security.Claims;
using AuthServer.Strategies.Abstractions;

namespace AuthServer.Strategies.Sessions;

/// <summary>The same claims the JWT strategies carry, so <c>/profile</c> and logout read every strategy alike.</summary>
internal static class SessionPrincipal
{
    public static AuthenticatedPrincipal Create(string sessionHash, SessionRecord session, DateTimeOffset expiresAt, string scheme)
    {
        var claims = new List<Claim>(5 + session.Roles.Count)
        {
            new(PrincipalClaims.Subject, session.UserId),
            new(PrincipalClaims.Name, session.Username),
            new(PrincipalClaims.SessionId, sessionHash),
            new(PrincipalClaims.IssuedAt, (session.CreatedAt / 1000).ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            new(PrincipalClaims.Expires, expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        };
        claims.AddRange(session.Roles.Select(role => new Claim(PrincipalClaims.Role, role)));
        return new AuthenticatedPrincipal(new ClaimsIdentity(claims, scheme, PrincipalClaims.Name, PrincipalClaims.Role));
    }
}
