using System.Globalization;
using System.Security.Claims;
using AuthServer.Strategies.Jwt;

namespace AuthServer.Strategies.Abstractions;

/// <summary>Reads the claims every strategy's authentication handler puts on the principal (precomputed on an <see cref="AuthenticatedPrincipal"/>).</summary>
public static class PrincipalExtensions
{
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.UserId : principal.FindFirstValue(AccessTokenClaims.Subject) ?? throw new InvalidOperationException("The principal has no sub claim.");

    public static string GetUsername(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.Username : principal.FindFirstValue(AccessTokenClaims.Name) ?? string.Empty;

    public static string? GetSessionId(this ClaimsPrincipal principal) => principal.FindFirstValue(AccessTokenClaims.SessionId);

    public static IReadOnlyList<string> GetRoles(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.Roles : [.. principal.FindAll(AccessTokenClaims.Role).Select(c => c.Value)];

    /// <summary>When the credential stops working on its own (<c>exp</c>, as Unix seconds).</summary>
    public static DateTimeOffset GetExpiry(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.ExpiresAt
        : long.TryParse(principal.FindFirstValue(AccessTokenClaims.Expires), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new InvalidOperationException("The principal has no exp claim.");
}
