using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Actors;

internal static partial class ActorLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Error, Message = "A mailbox message failed outside its work item; the mailbox continues")]
    public static partial void MessageFailed(ILogger logger, Exception exception);
}
