using System.Security.Claims;

namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// Reads the claims every strategy's authentication handler puts on the principal: precomputed on an
/// <see cref="AuthenticatedPrincipal"/>, read from the claims on any other (one a claims transformation built).
/// </summary>
public static class PrincipalExtensions
{
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.UserId : principal.FindFirstValue(PrincipalClaims.Subject) ?? throw new InvalidOperationException("The principal has no sub claim.");

    public static string GetUsername(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.Username : principal.FindFirstValue(PrincipalClaims.Name) ?? string.Empty;

    public static string? GetSessionId(this ClaimsPrincipal principal) => principal.FindFirstValue(PrincipalClaims.SessionId);

    public static IReadOnlyList<string> GetRoles(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.Roles : [.. principal.FindAll(PrincipalClaims.Role).Select(c => c.Value)];

    /// <summary>When the credential stops working on its own (<c>exp</c>, as Unix seconds).</summary>
    public static DateTimeOffset GetExpiry(this ClaimsPrincipal principal) =>
        principal is AuthenticatedPrincipal authenticated ? authenticated.ExpiresAt : AuthenticatedPrincipal.ReadExpiry(principal.FindFirstValue(PrincipalClaims.Expires));
}
