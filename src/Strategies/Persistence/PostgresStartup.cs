using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// Start-up on PostgreSQL: wait (bounded) for the server, create the database if it is missing, and hold a session
/// advisory lock around the migrations, so replicas starting together migrate one after the other. The lock lives on a
/// connection of its own, outside the pool: closing it ends the session and so releases the lock, whatever happened,
/// and no pooled connection ever carries session state (the pool skips resetting them, see PostgresConnectionString).
/// </summary>
internal sealed class PostgresStartup(AuthDatabase database, IOptions<PostgresOptions> options, ILogger<PostgresStartup> logger)
{
    // Any constant shared by every AuthServer: advisory lock keys are per database.
    private const long MigrationLockKey = 0x4155_5448_5345_5256; // "AUTHSERV"

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Waits for the server, then takes the migration lock; disposing the result releases it.</summary>
    public async Task<IAsyncDisposable> WaitAndLockAsync(AuthDbContext db, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        await WaitUntilReachableAsync(db, cancellationToken);
        var connection = new NpgsqlConnection(Unpooled(lockTimeout));
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // A connection of its own, outside EF Core, so that waiting does not log a failed connection every half second.
    private async Task WaitUntilReachableAsync(AuthDbContext db, CancellationToken cancellationToken)
    {
        var probe = Unpooled(commandTimeout: null);
        var timeout = options.Value.StartupTimeout;
        // Real time: this waits for a real server, also under a test's fake clock.
        var waited = Stopwatch.StartNew();
        var warned = false;
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(probe);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await CreateDatabaseAsync(db, cancellationToken);
            }
            catch (NpgsqlException ex) when (DatabaseFailures.IsUnavailable(ex))
            {
                if (waited.Elapsed >= timeout)
                {
                    throw new DatabaseStartupException($"PostgreSQL at {Where} cannot be reached after {timeout.TotalSeconds:0.#} s (Postgres:StartupTimeout): {Reason(ex)}", ex);
                }

                if (!warned)
                {
                    PersistenceLog.WaitingForPostgres(logger, Where, timeout, Reason(ex));
                    warned = true;
                }

                await Task.Delay(RetryInterval, cancellationToken);
            }
            catch (NpgsqlException ex)
            {
                // Wrong password, no such role, TLS refused: waiting will not help.
                throw new DatabaseStartupException($"PostgreSQL at {Where} refused the connection: {Reason(ex)}", ex);
            }
        }
    }

    private async Task CreateDatabaseAsync(AuthDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.GetService<IRelationalDatabaseCreator>().CreateAsync(cancellationToken);
            PersistenceLog.CreatedDatabase(logger, Where);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another replica created it a moment ago.
        }
        catch (PostgresException ex)
        {
            // Typically 42501: the role may not create databases. Create it once by hand (or let compose's POSTGRES_DB do it).
            throw new DatabaseStartupException($"the PostgreSQL database {Where} does not exist and could not be created: {Reason(ex)}", ex);
        }
    }

    private string Where => PostgresConnectionString.Describe(database.ConnectionString);

    private string Unpooled(TimeSpan? commandTimeout)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false };
        if (commandTimeout is { } timeout)
        {
            builder.CommandTimeout = (int)timeout.TotalSeconds;
        }

        return builder.ConnectionString;
    }

    // Npgsql's messages name the host and the failure, never the password.
    private static string Reason(NpgsqlException exception) => exception switch
    {
        PostgresException postgres => $"{postgres.SqlState} {postgres.MessageText}",
        { InnerException: { } inner } => $"{exception.Message} ({inner.Message})",
        _ => exception.Message,
    };
}
