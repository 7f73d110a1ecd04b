using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Persistence;

/// <summary>Migrates the database (under a lock shared by every replica) and loads the server secrets before the server listens.</summary>
internal sealed class DatabaseInitializer(
    IServiceScopeFactory scopes,
    ServerSecrets secrets,
    AuthDatabase database,
    PostgresStartup postgres,
    DatabaseBreaker breaker,
    ILogger<DatabaseInitializer> logger) : IHostedService
{
    // Requests get short command timeouts (a fast 503); a migration or a wait for the lock may take longer.
    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(5);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var requestTimeout = db.Database.GetCommandTimeout();
        db.Database.SetCommandTimeout(MigrationTimeout);
        try
        {
            await MigrateAsync(db, cancellationToken);
            await LoadSecretsAsync(db, cancellationToken);
            if (database.IsPostgres)
            {
                await breaker.WarmAsync();
            }
        }
        catch (Exception ex) when (ex is not DatabaseStartupException && DatabaseFailures.IsUnavailable(ex))
        {
            throw new DatabaseStartupException($"the {database.Name} database failed while starting: {ex.Message}", ex);
        }
        finally
        {
            db.Database.SetCommandTimeout(requestTimeout);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task MigrateAsync(AuthDbContext db, CancellationToken cancellationToken)
    {
        // SQLite: EF Core's own migration lock (a lock table) serialises processes sharing the file.
        await using var migrationLock = database.IsPostgres ? await postgres.WaitAndLockAsync(db, MigrationTimeout, cancellationToken) : null;
        var pending = await SchemaGuard.PendingAsync(db, database, cancellationToken);
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
            var names = string.Join(", ", pending);
            PersistenceLog.Migrated(logger, pending.Count, database.Name, names);
        }

        if (!database.IsPostgres)
        {
            // WAL: several processes may share the file (readers do not block the writer).
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    private async Task LoadSecretsAsync(AuthDbContext db, CancellationToken cancellationToken)
    {
        // When two instances start together, the first key written wins for both (SQLite and PostgreSQL both know ON CONFLICT).
        var candidate = RandomNumberGenerator.GetBytes(32);
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "ServerSecrets" ("Name", "Value") VALUES ({ServerSecrets.RefreshSuccessorKey}, {candidate}) ON CONFLICT DO NOTHING""",
            cancellationToken);
        var stored = await db.Set<ServerSecret>().AsNoTracking().SingleAsync(s => s.Name == ServerSecrets.RefreshSuccessorKey, cancellationToken);
        secrets.Load(stored.Value);
    }
}
