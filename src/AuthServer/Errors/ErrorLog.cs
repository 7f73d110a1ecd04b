namespace AuthServer.Errors;

internal static partial class ErrorLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "A store is unavailable ({ExceptionType}): {Reason}; answered 503")]
    public static partial void StoreUnavailable(ILogger logger, string exceptionType, string reason);
}
