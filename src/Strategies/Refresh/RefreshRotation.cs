using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Refresh;

/// <summary>Outcome of one rotation, run inside the user's mailbox.</summary>
internal sealed record RotationResult(bool Succeeded, string? FamilyId = null, string? RefreshToken = null, long RefreshExpiresAt = 0)
{
    public static RotationResult Refused { get; } = new(false);
}

/// <summary>Refresh-token rotation with reuse detection (RFC 9700 §4.14.2) and an idempotent grace for two tabs.</summary>
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
        var token = RefreshTokenCodec.NewToken();
        var record = NewRecord(token, family, parentHash: null, now);
        await database.CallAsync<RefreshTokenStore>(store => store.CreateFamilyAsync(family, record, cancellationToken), cancellationToken);
        return (family.Id, token, record.ExpiresAt);
    }

    /// <summary>Rotates <paramref name="token"/>; <paramref name="read"/> is its row if the caller just read it (the conditional write catches anything since).</summary>
    public async Task<RotationResult> RotateAsync(string token, (RefreshTokenRecord Token, RefreshFamily Family)? read, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var hash = RefreshTokenCodec.Hash(token);
        var found = read ?? await Store(store => store.FindAsync(hash, cancellationToken), cancellationToken);
        if (found is not { } current || !IsAlive(current.Token, current.Family, now))
        {
            return RotationResult.Refused;
        }

        if (current.Token.UsedAt is null)
        {
            var successor = codec.Successor(token);
            var record = NewRecord(successor, current.Family, hash, now);
            if (await Store(store => store.TryRotateAsync(hash, record, now, cancellationToken), cancellationToken))
            {
                metrics.RefreshRotated();
                return new RotationResult(true, current.Family.Id, successor, record.ExpiresAt);
            }

            // Another process rotated it first (or revoked the family): from here on this is a replay.
            found = await Store(store => store.FindAsync(hash, cancellationToken), cancellationToken);
            if (found is not { } after || !IsAlive(after.Token, after.Family, now))
            {
                return RotationResult.Refused;
            }

            current = after;
        }
        else if (read is not null)
        {
            // Read before this turn of the mailbox: whatever ran meanwhile (a logout-all, a reuse) must count.
            found = await Store(store => store.FindAsync(hash, cancellationToken), cancellationToken);
            if (found is not { } fresh || !IsAlive(fresh.Token, fresh.Family, now))
            {
                return RotationResult.Refused;
            }

            current = fresh;
        }

        if (await TryGraceAsync(token, hash, current.Token, now, cancellationToken) is { } repeated)
        {
            metrics.RefreshGraceReplayed();
            RefreshLog.GraceReplayed(logger, current.Family.Id, current.Family.UserId);
            return repeated;
        }

        if (await Store(store => store.RevokeFamilyAsync(current.Family.Id, now, cancellationToken), cancellationToken))
        {
            metrics.RefreshReuseDetected();
            RefreshLog.ReuseDetected(logger, current.Family.Id, current.Family.UserId);
        }

        return RotationResult.Refused;
    }

    // Two tabs: the token just rotated, presented again within the grace, gets the same successor back.
    private async Task<RotationResult?> TryGraceAsync(string token, string hash, RefreshTokenRecord used, long now, CancellationToken cancellationToken)
    {
        var grace = (long)options.Value.RefreshReuseGrace.TotalMilliseconds;
        if (grace <= 0 || used.UsedAt is not { } usedAt || now - usedAt > grace)
        {
            return null;
        }

        var successor = codec.Successor(token);
        var next = await Store(store => store.FindTokenAsync(RefreshTokenCodec.Hash(successor), cancellationToken), cancellationToken);
        // Only the immediately previous token: its successor must still be the unused head of the family.
        return next is { UsedAt: null } && SecretEquality.FixedTimeEquals(next.ParentHash, hash) && next.ExpiresAt > now
            ? new RotationResult(true, used.FamilyId, successor, next.ExpiresAt)
            : null;
    }

    // Each statement in a scope of its own, its wait bounded (DatabaseGuard): a hung database is a 503, not a hang.
    private Task<T> Store<T>(Func<RefreshTokenStore, Task<T>> call, CancellationToken cancellationToken) =>
        database.CallAsync(call, cancellationToken);

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
