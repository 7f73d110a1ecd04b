using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Persistence;

internal static partial class PersistenceLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "PostgreSQL at {Where} cannot be reached yet ({Reason}); retrying for up to {Timeout}")]
    public static partial void WaitingForPostgres(ILogger logger, string where, TimeSpan timeout, string reason);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Information, Message = "Created the PostgreSQL database {Where}")]
    public static partial void CreatedDatabase(ILogger logger, string where);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Applied {Count} migration(s) to the {Database} database: {Migrations}")]
    public static partial void Migrated(ILogger logger, int count, string database, string migrations);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Error, Message = "PostgreSQL is down ({Reason}): what needs it answers 503 until a probe gets an answer")]
    public static partial void DatabaseDown(ILogger logger, string reason);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Information, Message = "PostgreSQL answers again, after {Seconds:0.0} s")]
    public static partial void DatabaseBack(ILogger logger, double seconds);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Debug, Message = "A database call whose request had already been answered 503 failed later")]
    public static partial void AbandonedCallEnded(ILogger logger, Exception exception);
}
