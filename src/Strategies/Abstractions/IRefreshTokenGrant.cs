namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// The refresh-token grant (RFC 6749 §6), registered only by a strategy that issues refresh tokens: its absence is how
/// the host knows to answer <c>unsupported_grant_type</c>.
/// </summary>
public interface IRefreshTokenGrant
{
    /// <summary>New credentials, or null for an unknown, expired, revoked or replayed token (§5.2 <c>invalid_grant</c>).</summary>
    Task<IssuedCredentials?> RefreshAsync(string refreshToken, CancellationToken cancellationToken);
}
