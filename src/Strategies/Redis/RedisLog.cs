using System.Net;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

internal static partial class RedisLog
{
    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Redis connection to {Endpoint} ({ConnectionType}) failed: {FailureType}")]
    public static partial void ConnectionFailed(ILogger logger, EndPoint? endpoint, ConnectionType connectionType, ConnectionFailureType failureType);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "Redis connection to {Endpoint} ({ConnectionType}) restored")]
    public static partial void ConnectionRestored(ILogger logger, EndPoint? endpoint, ConnectionType connectionType);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Connecting to Redis at {Endpoints} ({Purpose})")]
    public static partial void Connecting(ILogger logger, EndPointCollection endpoints, string purpose);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Counting the live sessions failed ({ExceptionType}); the gauge keeps its last value")]
    public static partial void SessionCountFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning,
        Message = "{Operation} was written to the Redis primary {Endpoint} but only {Confirmed} of {Required} replicas confirmed it within {TimeoutMs} ms (Redis:WaitForReplicas, Redis:WaitTimeout): answered 503 so the client retries")]
    public static partial void NotReplicated(ILogger logger, string operation, EndPoint endpoint, long confirmed, int required, double timeoutMs);
}
