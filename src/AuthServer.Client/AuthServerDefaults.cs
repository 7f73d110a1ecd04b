namespace AuthServer.Client;

/// <summary>Names the library uses: the authentication scheme to make the default, and the claims it puts on the user.</summary>
public static class AuthServerDefaults
{
    /// <summary>The scheme <c>AddAuthServer</c> adds; it forwards to the validation the auth server's strategy needs.</summary>
    public const string AuthenticationScheme = "AuthServer";

    /// <summary>The user id (<c>sub</c>), under every strategy.</summary>
    public const string SubjectClaim = "sub";

    /// <summary>The username (<c>name</c>); <c>User.Identity.Name</c> reads it.</summary>
    public const string NameClaim = "name";

    /// <summary>One claim per role (<c>role</c>); <c>RequireRole</c> and <c>IsInRole</c> read it.</summary>
    public const string RoleClaim = "role";
}
