using AuthServer.Endpoints;

namespace AuthServer.Introspection;

/// <summary>Introspection events: caller ids and outcomes, never a token or a secret.</summary>
internal static partial class IntrospectionLog
{
    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Introspection caller refused from {ClientAddress}: {Reason} (client {ClientId})")]
    public static partial void CallerRefused(ILogger logger, string clientAddress, string reason, string clientId);

    [LoggerMessage(EventId = 2302, Level = LogLevel.Debug, Message = "Introspection by {ClientId}: active {Active} ({TokenType})")]
    public static partial void Introspected(ILogger logger, string clientId, bool active, string tokenType);

    [LoggerMessage(EventId = 2303, Level = LogLevel.Debug, Message = "Introspection by {ClientId} rate limited")]
    public static partial void RateLimited(ILogger logger, string clientId);
}
