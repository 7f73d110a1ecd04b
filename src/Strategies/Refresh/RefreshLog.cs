using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Refresh;

internal static partial class RefreshLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Refresh token reuse detected: family {FamilyId} of user {UserId} revoked")]
    public static partial void ReuseDetected(ILogger logger, string familyId, string userId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Purged {Rows} expired refresh rows")]
    public static partial void Purged(ILogger logger, int rows);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Purging expired refresh rows failed; will retry")]
    public static partial void PurgeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information,
        Message = "Refresh token of family {FamilyId} (user {UserId}) presented again within the grace: the same successor was returned")]
    public static partial void GraceReplayed(ILogger logger, string familyId, string userId);
}
