namespace AuthServer.Endpoints;

/// <summary>Security events about credentials; ids and outcomes only, never a token.</summary>
internal static partial class SessionLog
{
    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "User {UserId} logged out (everywhere: {Everywhere}); revoked: {Revoked}")]
    public static partial void SignedOut(ILogger logger, string userId, bool everywhere, bool revoked);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Token revocation request (RFC 7009) from {ClientAddress}: {Outcome}")]
    public static partial void TokenRevocation(ILogger logger, string clientAddress, string outcome);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Refresh refused from {ClientAddress}: {Status}")]
    public static partial void RefreshRefused(ILogger logger, string clientAddress, string status);

    public static string ClientAddress(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
