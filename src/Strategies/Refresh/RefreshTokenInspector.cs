using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Persistence;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// Reads a refresh token's row the way a rotation would judge it, and writes nothing. A used token is not active, even
/// within <c>Auth:RefreshReuseGrace</c>: that grace is for two tabs racing, not a second life.
/// </summary>
internal sealed class RefreshTokenInspector(DatabaseGuard database, TimeProvider time) : IRefreshTokenInspector
{
    public async Task<ActiveRefreshToken?> InspectAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (!RefreshTokenCodec.IsWellFormed(refreshToken))
        {
            return null;
        }

        // Through DatabaseGuard, as every call a request waits for: a hung database is a 503, not a hang.
        var hash = RefreshTokenCodec.Hash(refreshToken);
        if (await database.CallAsync<RefreshTokenStore, (RefreshTokenRecord, RefreshFamily)?>(store => store.FindAsync(hash, cancellationToken), cancellationToken) is not { } row)
        {
            return null;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var (token, family) = row;
        return token.UsedAt is null && RefreshRotation.IsAlive(token, family, now)
            ? new ActiveRefreshToken(family.UserId, DateTimeOffset.FromUnixTimeMilliseconds(token.IssuedAt), DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(token.ExpiresAt, family.ExpiresAt)))
            : null;
    }
}
