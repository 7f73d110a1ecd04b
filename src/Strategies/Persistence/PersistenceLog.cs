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
}
