using Microsoft.Extensions.Logging;

namespace AuthServer.Client;

/// <summary>What the library logs: addresses, strategies and outcomes, never a credential or a secret.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Checking credentials of the auth server at {Authority} ({Strategy}) by {Mode}")]
    public static partial void Connected(ILogger logger, Uri authority, string strategy, string mode);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "The auth server at {Authority} is not reachable yet ({Failure}); retrying")]
    public static partial void AuthServerUnreachableAtStart(ILogger logger, Uri authority, string failure);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Introspection failed ({Failure}); answering 503 until the auth server answers again")]
    public static partial void IntrospectionUnavailable(ILogger logger, string failure);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "The auth server refused this service's introspection credentials (client {ClientId}): check AuthServer:ClientId and :ClientSecret")]
    public static partial void IntrospectionRefused(ILogger logger, string clientId);
}
