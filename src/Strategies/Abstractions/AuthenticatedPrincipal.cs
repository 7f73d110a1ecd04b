using System.Globalization;
using System.Security.Claims;
using AuthServer.Strategies.Jwt;

namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// A principal whose contract claims (sub, name, roles, exp) are read once, when it is built. A validated token's
/// principal is cached and shared by every request that presents the token, so treat it as read-only.
/// </summary>
public sealed class AuthenticatedPrincipal : ClaimsPrincipal
{
    public AuthenticatedPrincipal(ClaimsIdentity identity)
        : base(identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        UserId = identity.FindFirst(AccessTokenClaims.Subject)?.Value ?? throw new InvalidOperationException("The principal has no sub claim.");
        Username = identity.FindFirst(AccessTokenClaims.Name)?.Value ?? string.Empty;
        Roles = [.. identity.FindAll(AccessTokenClaims.Role).Select(c => c.Value)];
        ExpiresAt = long.TryParse(identity.FindFirst(AccessTokenClaims.Expires)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new InvalidOperationException("The principal has no exp claim.");
    }

    public string UserId { get; }

    public string Username { get; }

    public IReadOnlyList<string> Roles { get; }

    public DateTimeOffset ExpiresAt { get; }
}
