namespace AuthServer.Strategies.Sessions;

/// <summary>Defaults for the <c>redis-session</c> authentication scheme.</summary>
public static class SessionAuthenticationDefaults
{
    /// <summary>Clients send the session id like any bearer credential (RFC 6750 §2.1).</summary>
    public const string AuthenticationScheme = Authentication.AuthSchemes.Bearer;
}
