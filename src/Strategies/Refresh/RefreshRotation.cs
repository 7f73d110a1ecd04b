using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Refresh;

/// <summary>Outcome of one rotation, run inside the user's mailbox.</summary>
internal sealed record RotationResult(bool Succeeded, string? UserId = null, string? FamilyId = null, string? RefreshToken = null, long RefreshExpiresAt = 0)
{
    public static RotationResult Refused { get; } = new(false);
}

/// <summary>
/// Refresh-token rotation with reuse detection (RFC 9700 §4.14.2) and an idempotent grace for two tabs on two instances.
/// Run inside the user's mailbox, reads included, so everything this instance did for the user before (a logout-all, a
/// reuse) counts; the conditional write decides against other instances.
/// </summary>
internal sealed class RefreshRotation(
    DatabaseGuard database,
    RefreshTokenCodec codec,
    IOptions<AuthOptions> options,
    TimeProvider time,
    AuthMetrics metrics,
    ILogger<RefreshRotation> logger)
{
    public async Task<(string FamilyId, string Token, long ExpiresAt)> StartFamilyAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var family = new RefreshFamily
        {
            Id = Guid.NewGuid().ToString("N"),
            UserId = userId,
            CreatedAt = now,
            ExpiresAt = now + (long)options.Value.RefreshFamilyLifetime.TotalMilliseconds,
        };
        var token = codec.NewToken(userId);
        var record = NewRecord(token, family, parentHash: null, now);
        await database.WriteAsync<RefreshTokenStore>(store => store.CreateFamilyAsync(family, record, cancellationToken), cancellationToken);
        return (family.Id, token, record.ExpiresAt);
    }

    /// <summary>Rotates <paramref name="token"/> (whose hash is <paramref name="hash"/>), or refuses it and, if it was reused, revokes its family.</summary>
    public async Task<RotationResult> RotateAsync(string token, string hash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (await Find(hash, cancellationToken) is not { } current || !IsAlive(current.Token, current.Family, now))
        {
            return RotationResult.Refused;
        }

        if (current.Token.UsedAt is null)
        {
            var successor = codec.Successor(token, current.Family.UserId);
            var record = NewRecord(successor, current.Family, hash, now);
            if (await database.WriteAsync<RefreshTokenStore, bool>(store => store.TryRotateAsync(hash, record, now, cancellationToken), cancellationToken))
            {
                metrics.RefreshRotated();
                return new RotationResult(true, current.Family.UserId, current.Family.Id, successor, record.ExpiresAt);
            }

            // Another process rotated it first (or revoked the family): from here on this is a replay.
            if (await Find(hash, cancellationToken) is not { } after || !IsAlive(after.Token, after.Family, now))
            {
                return RotationResult.Refused;
            }

            current = after;
        }

        if (await TryGraceAsync(token, hash, current.Token, current.Family.UserId, now, cancellationToken) is { } repeated)
        {
            metrics.RefreshGraceReplayed();
            RefreshLog.GraceReplayed(logger, current.Family.Id, current.Family.UserId);
            return repeated;
        }

        if (await database.WriteAsync<RefreshTokenStore, bool>(store => store.RevokeFamilyAsync(current.Family.Id, now, cancellationToken), cancellationToken))
        {
            metrics.RefreshReuseDetected();
            RefreshLog.ReuseDetected(logger, current.Family.Id, current.Family.UserId);
        }

        return RotationResult.Refused;
    }

    // Two tabs on two instances: the token just rotated, presented again within the grace, gets the same successor back.
    private async Task<RotationResult?> TryGraceAsync(string token, string hash, RefreshTokenRecord used, string userId, long now, CancellationToken cancellationToken)
    {
        var grace = (long)options.Value.RefreshReuseGrace.TotalMilliseconds;
        if (grace <= 0 || used.UsedAt is not { } usedAt || now - usedAt > grace)
        {
            return null;
        }

        var successor = codec.Successor(token, userId);
        var next = await database.CallAsync<RefreshTokenStore, RefreshTokenRecord?>(
            store => store.FindTokenAsync(RefreshTokenCodec.Hash(successor), cancellationToken), cancellationToken);
        // Only the immediately previous token: its successor must still be the unused head of the family.
        return next is { UsedAt: null } && SecretEquality.FixedTimeEquals(next.ParentHash, hash) && next.ExpiresAt > now
            ? new RotationResult(true, userId, used.FamilyId, successor, next.ExpiresAt)
            : null;
    }

    // Each statement in a scope of its own, its wait bounded (DatabaseGuard): a hung database is a 503, not a hang.
    private Task<(RefreshTokenRecord Token, RefreshFamily Family)?> Find(string hash, CancellationToken cancellationToken) =>
        database.CallAsync<RefreshTokenStore, (RefreshTokenRecord, RefreshFamily)?>(store => store.FindAsync(hash, cancellationToken), cancellationToken);

    internal static bool IsAlive(RefreshTokenRecord token, RefreshFamily family, long now) =>
        family.RevokedAt is null && family.ExpiresAt > now && token.ExpiresAt > now;

    private RefreshTokenRecord NewRecord(string token, RefreshFamily family, string? parentHash, long now) => new()
    {
        Hash = RefreshTokenCodec.Hash(token),
        FamilyId = family.Id,
        ParentHash = parentHash,
        IssuedAt = now,
        ExpiresAt = Math.Min(now + (long)options.Value.RefreshTokenLifetime.TotalMilliseconds, family.ExpiresAt),
    };
}
