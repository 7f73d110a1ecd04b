using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AuthServer.Strategies.Persistence;

/// <summary>Refuses a database that a newer AuthServer has migrated: this build would misread a schema it does not know.</summary>
internal static class SchemaGuard
{
    /// <summary>The migrations still to apply; throws when the database has some this build does not know.</summary>
    public static async Task<IReadOnlyList<string>> PendingAsync(AuthDbContext db, AuthDatabase database, CancellationToken cancellationToken)
    {
        var known = db.Database.GetMigrations().ToList();
        // Created first (as MigrateAsync would): on a fresh database, asking for the history would log a failed query.
        var history = db.GetService<IHistoryRepository>();
        await history.CreateIfNotExistsAsync(cancellationToken);
        var applied = (await history.GetAppliedMigrationsAsync(cancellationToken)).Select(row => row.MigrationId).ToHashSet(StringComparer.Ordinal);
        var unknown = applied.Where(id => !known.Contains(id, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new DatabaseStartupException(
                $"the {database.Name} database has migrations this AuthServer does not know ({string.Join(", ", unknown)}): "
                + "a newer AuthServer migrated it. Run that version, or restore a backup taken before the upgrade.");
        }

        return known.Where(id => !applied.Contains(id)).ToList();
    }
}
