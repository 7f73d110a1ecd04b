using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Blacklist;

/// <summary>The server's own blacklist events; the list's (1401-1405, 1407) are in <see cref="RevocationLog"/>.</summary>
internal static partial class BlacklistLog
{
    [LoggerMessage(EventId = 1406, Level = LogLevel.Information, Message = "Revoked every token of user {UserId}: generation {Generation}")]
    public static partial void UserRevoked(ILogger logger, string userId, long generation);
}
