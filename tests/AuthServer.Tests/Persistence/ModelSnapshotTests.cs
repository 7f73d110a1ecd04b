using AuthServer.Persistence;
using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AuthServer.Tests.Persistence;

/// <summary>
/// The model composed from the host's accounts and the strategies' storage is, for each provider, the one its migrations
/// made: the same tables, columns, indexes and defaults, so a database of an earlier build opens without a new migration.
/// Neither test connects: the comparison is between the model and the snapshot compiled into the host.
/// </summary>
public sealed class ModelSnapshotTests
{
    [Fact]
    public void SqliteModel_MatchesItsMigrations()
    {
        using var db = new SqliteAuthDbContext(new DbContextOptionsBuilder<SqliteAuthDbContext>().UseSqlite("Data Source=:memory:").Options);

        AssertMatches(db, ["20261128132050_Initial", "20261129190045_AccountRoles"]);
    }

    [Fact]
    public void PostgresModel_MatchesItsMigrations()
    {
        using var db = new PostgresAuthDbContext(new DbContextOptionsBuilder<PostgresAuthDbContext>().UseNpgsql("Host=localhost;Database=model").Options);

        AssertMatches(db, ["20261129155502_Initial", "20261129190051_AccountRoles"]);
    }

    private static void AssertMatches(AuthDbContext db, string[] migrations)
    {
        // The IDs are what __EFMigrationsHistory holds: found in the host's assembly, unchanged by the move.
        Assert.Equal(migrations, db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "the model differs from the last migration's snapshot: add a migration");
        Assert.Equal(
            ["RefreshFamilies", "RefreshTokens", "ServerSecrets", "Users"],
            db.Model.GetEntityTypes().Select(e => e.GetTableName()).Order(StringComparer.Ordinal));
    }
}
