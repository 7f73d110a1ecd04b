using System.Globalization;
using System.Security.Claims;

namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// A principal whose contract claims (sub, name, roles, exp) are read once, when it is built. A validated token's
/// principal is cached and shared by every request that presents the token (each gets a <see cref="Copy"/> when an
/// <c>IClaimsTransformation</c> is registered), so treat it as read-only outside a transformation.
/// </summary>
public sealed class AuthenticatedPrincipal : ClaimsPrincipal
{
    public AuthenticatedPrincipal(ClaimsIdentity identity)
        : base(identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        UserId = identity.FindFirst(PrincipalClaims.Subject)?.Value ?? throw new InvalidOperationException("The principal has no sub claim.");
        Username = identity.FindFirst(PrincipalClaims.Name)?.Value ?? string.Empty;
        Roles = [.. identity.FindAll(PrincipalClaims.Role).Select(c => c.Value)];
        ExpiresAt = ReadExpiry(identity.FindFirst(PrincipalClaims.Expires)?.Value);
    }

    // A copy: the same claims in an identity of its own, the parsed values reused.
    private AuthenticatedPrincipal(ClaimsIdentity identity, AuthenticatedPrincipal source)
        : base(identity)
    {
        UserId = source.UserId;
        Username = source.Username;
        Roles = source.Roles;
        ExpiresAt = source.ExpiresAt;
    }

    public string UserId { get; }

    public string Username { get; }

    public IReadOnlyList<string> Roles { get; }

    public DateTimeOffset ExpiresAt { get; }

    /// <summary>A principal of one request's own with the same claims, which code of that request may add to.</summary>
    public AuthenticatedPrincipal Copy() => new(((ClaimsIdentity)Identity!).Clone(), this);

    /// <summary>The one reading of <c>exp</c> (Unix seconds) for every principal, built here or by a claims transformation.</summary>
    internal static DateTimeOffset ReadExpiry(string? exp) =>
        long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new InvalidOperationException("The principal has no exp claim.");
}
