namespace AuthServer.Users;

/// <summary>Security events about users; never a password or a credential.</summary>
internal static partial class UserLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "User {UserId} registered")]
    public static partial void Registered(ILogger logger, string userId);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Password hash of user {UserId} upgraded to the current parameters")]
    public static partial void Rehashed(ILogger logger, string userId);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Login succeeded for user {UserId}")]
    public static partial void LoginSucceeded(ILogger logger, string userId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Login failed from {ClientAddress}")]
    public static partial void LoginFailed(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Login rate limit hit from {ClientAddress}")]
    public static partial void LoginRateLimited(ILogger logger, string clientAddress);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Admin {AdminId} revoked every credential of user {UserId}")]
    public static partial void AdminRevoked(ILogger logger, string adminId, string userId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "User {UserId} changed their password")]
    public static partial void PasswordChanged(ILogger logger, string userId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Password change of user {UserId} refused from {ClientAddress}: the current password did not match")]
    public static partial void PasswordChangeRefused(ILogger logger, string userId, string clientAddress);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "Admin {AdminId} set role {Role} of user {UserId} to held={Held}")]
    public static partial void RoleChanged(ILogger logger, string adminId, string userId, string role, bool held);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Bootstrap admin {UserId} created with the admin role")]
    public static partial void BootstrapAdminCreated(ILogger logger, string userId);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Bootstrap admin not created: an account already has that username (its roles and password are left as they are)")]
    public static partial void BootstrapAdminExists(ILogger logger);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Warning, Message = "Login of user {UserId} refused: the password was changed after it was checked")]
    public static partial void LoginOutdated(ILogger logger, string userId);
}
