namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// Registered by a strategy that issues refresh tokens: whether one would still be exchanged, without using it
/// (RFC 7662 introspection must not rotate a token or trip reuse detection).
/// </summary>
public interface IRefreshTokenInspector
{
    /// <summary>Null when the token is unknown, used, revoked or expired.</summary>
    Task<ActiveRefreshToken?> InspectAsync(string refreshToken, CancellationToken cancellationToken);
}

/// <summary>A refresh token that is still usable: whose it is and when it stops being usable.</summary>
public sealed record ActiveRefreshToken(string UserId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
