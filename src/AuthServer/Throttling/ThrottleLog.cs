namespace AuthServer.Throttling;

internal static partial class ThrottleLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Warning,
        Message = "Redis cannot be reached: login and registration limits are counted on this instance only until it answers")]
    public static partial void SharedCountsUnavailable(ILogger logger);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Information, Message = "Login and registration limits are counted in Redis again")]
    public static partial void SharedCountsRestored(ILogger logger);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Warning, Message = "Registration rate limit hit from {ClientAddress}")]
    public static partial void RegistrationRateLimited(ILogger logger, string clientAddress);
}
