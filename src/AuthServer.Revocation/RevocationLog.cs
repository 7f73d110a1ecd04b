using Microsoft.Extensions.Logging;

namespace AuthServer.Revocation;

internal static partial class RevocationLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "The revocation list is out of sync with Redis ({Reason}); tokens are {Mode} until it is resynchronised")]
    public static partial void OutOfSync(ILogger logger, string reason, string mode);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information,
        Message = "The revocation list is in sync with Redis: {Tokens} revoked tokens and {Users} user generations loaded")]
    public static partial void InSync(ILogger logger, int tokens, int users);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning,
        Message = "Accepting access tokens unverified for revocation while Redis is unreachable (fail-open)")]
    public static partial void FailingOpen(ILogger logger);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Ignored a malformed message on the revocation channel")]
    public static partial void MalformedMessage(ILogger logger);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Debug, Message = "Forgot {Entries} expired revocations")]
    public static partial void Pruned(ILogger logger, int entries);

    [LoggerMessage(EventId = 1407, Level = LogLevel.Warning, Message = "Redis connection of the revocation list to {Endpoint} failed: {FailureType}")]
    public static partial void ConnectionFailed(ILogger logger, string? endpoint, string failureType);
}
