using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Strategies.Refresh;

/// <summary>Refresh families and tokens in SQLite. Rotation is a conditional write, so two processes never both rotate one token.</summary>
internal sealed class RefreshTokenStore(AuthDbContext db)
{
    public async Task CreateFamilyAsync(RefreshFamily family, RefreshTokenRecord first, CancellationToken cancellationToken)
    {
        db.RefreshFamilies.Add(family);
        db.RefreshTokens.Add(first);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<(RefreshTokenRecord Token, RefreshFamily Family)?> FindAsync(string hash, CancellationToken cancellationToken)
    {
        var row = await db.RefreshTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.RefreshFamilies.AsNoTracking(), t => t.FamilyId, f => f.Id, (t, f) => new { Token = t, Family = f })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : (row.Token, row.Family);
    }

    public Task<RefreshTokenRecord?> FindTokenAsync(string hash, CancellationToken cancellationToken) =>
        db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);

    public Task<string?> FindUserIdAsync(string hash, CancellationToken cancellationToken) =>
        db.RefreshTokens.AsNoTracking()
            .Where(t => t.Hash == hash)
            .Join(db.RefreshFamilies, t => t.FamilyId, f => f.Id, (t, f) => f.UserId)
            .SingleOrDefaultAsync(cancellationToken);

    /// <summary>Marks <paramref name="hash"/> used and adds its successor, only if it was unused and its family alive.</summary>
    public async Task<bool> TryRotateAsync(string hash, RefreshTokenRecord successor, long now, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default): the write lock is taken before the check.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var updated = await db.RefreshTokens
            .Where(t => t.Hash == hash && t.UsedAt == null)
            .Where(t => db.RefreshFamilies.Any(f => f.Id == t.FamilyId && f.RevokedAt == null))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.UsedAt, now), cancellationToken);
        if (updated != 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        db.RefreshTokens.Add(successor);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RevokeFamilyAsync(string familyId, long now, CancellationToken cancellationToken) =>
        await db.RefreshFamilies
            .Where(f => f.Id == familyId && f.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken) > 0;

    public async Task<bool> RevokeUserAsync(string userId, long now, CancellationToken cancellationToken) =>
        await db.RefreshFamilies
            .Where(f => f.UserId == userId && f.RevokedAt == null && f.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedAt, now), cancellationToken) > 0;

    /// <summary>Deletes what can no longer be presented successfully: expired tokens and ended families.</summary>
    public async Task<int> PurgeAsync(long now, CancellationToken cancellationToken)
    {
        var tokens = await db.RefreshTokens.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var families = await db.RefreshFamilies.Where(f => f.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        return tokens + families;
    }
}
