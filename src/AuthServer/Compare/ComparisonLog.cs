namespace AuthServer.Compare;

internal static partial class ComparisonLog
{
    [LoggerMessage(EventId = 2901, Level = LogLevel.Information, Message = "Redis (embedded Garnet) started on 127.0.0.1:{Port}{From}")]
    public static partial void RedisStarted(ILogger logger, int port, string from);

    [LoggerMessage(EventId = 2902, Level = LogLevel.Information, Message = "Redis (embedded Garnet) on 127.0.0.1:{Port} stopped after saving a snapshot")]
    public static partial void RedisStopped(ILogger logger, int port);

    [LoggerMessage(EventId = 2903, Level = LogLevel.Information, Message = "{Strategy} {Instance} is up at {Address}")]
    public static partial void InstanceUp(ILogger logger, string strategy, string instance, Uri address);

    [LoggerMessage(EventId = 2904, Level = LogLevel.Warning, Message = "[{Strategy} {Instance}] {Line}")]
    public static partial void InstanceOutput(ILogger logger, string strategy, string instance, string line);

    [LoggerMessage(EventId = 2905, Level = LogLevel.Error, Message = "{Strategy} {Instance} exited with code {ExitCode}; its calls answer 502 until the comparison is restarted")]
    public static partial void InstanceExited(ILogger logger, string strategy, string instance, int exitCode);

    [LoggerMessage(EventId = 2906, Level = LogLevel.Warning, Message = "Forwarding {Method} to {Strategy} {Instance} failed: {ExceptionType}")]
    public static partial void ForwardFailed(ILogger logger, string method, string strategy, string instance, string exceptionType);
}
