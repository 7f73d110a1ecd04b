using Microsoft.Data.Sqlite;
using Npgsql;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// The one place that says which database errors mean "the store cannot be used now" (the host answers 503 with
/// <c>Retry-After</c>) and which mean "a unique key said no" (a lost race, not a fault), for both engines.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>True when <paramref name="exception"/> (or what it wraps, e.g. EF Core's DbUpdateException) is an outage.</summary>
    public static bool IsUnavailable(Exception exception) => Chain(exception).Any(IsUnavailableItself);

    /// <summary>
    /// The server itself is gone or going (a refused or lost connection, a shutdown or start-up): what opens
    /// <see cref="DatabaseGuard"/>'s breaker. Not a timeout (a slow server is there; a silent one the guard sees by
    /// itself), nor a statement the server refused (a conflict, a full disk).
    /// </summary>
    internal static bool IsOutage(Exception exception) => !IsTimeout(exception) && Chain(exception).Any(e => e switch
    {
        PostgresException postgres => postgres.SqlState.StartsWith("08", StringComparison.Ordinal) || postgres.SqlState.StartsWith("57P", StringComparison.Ordinal),
        NpgsqlException => true,
        _ => false,
    });

    /// <summary>Npgsql gave up waiting (to connect, for a pooled connection, for a command): it wraps a <see cref="TimeoutException"/>.</summary>
    internal static bool IsTimeout(Exception exception) => Chain(exception).Any(e => e is TimeoutException);

    /// <summary>A unique index refused the write: SQLite's constraint error, PostgreSQL's 23505.</summary>
    public static bool IsUniqueViolation(Exception exception) => Chain(exception).Any(e => e switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    });

    private static bool IsUnavailableItself(Exception exception) => exception switch
    {
        // Busy, locked, I/O, full, cannot open, read-only: the file is there but not usable now.
        SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6 or 8 or 10 or 13 or 14,
        PostgresException postgres => IsUnavailableState(postgres.SqlState),
        // Not from the server: the connection could not be opened, broke, timed out, or the pool ran dry.
        NpgsqlException => true,
        _ => false,
    };

    /// <summary>
    /// SQLSTATE classes of a server that is there but cannot serve now: 08 connection, 53 resources (disk full, too many
    /// connections), 57 operator intervention (shutting down, starting up, statement timeout), 58 system error; plus
    /// 25006 (a read-only standby after a failover) and 40001/40P01 (retry the transaction).
    /// </summary>
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
            || state.StartsWith("53", StringComparison.Ordinal)
            || state.StartsWith("57", StringComparison.Ordinal)
            || state.StartsWith("58", StringComparison.Ordinal)
            || state is PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private static IEnumerable<Exception> Chain(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            yield return exception;
        }
    }
}
