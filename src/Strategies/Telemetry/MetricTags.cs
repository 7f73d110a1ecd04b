namespace AuthServer.Strategies.Telemetry;

/// <summary>Outcome of one revocation lookup.</summary>
public enum RevocationCheckOutcome
{
    Passed,
    Revoked,
    StoreUnavailable,
}

/// <summary>Outcome of a password login.</summary>
public enum LoginResult
{
    Success,
    BadCredentials,
    RateLimited,
    InvalidRequest,

    /// <summary>No password hash could start in time: answered 503.</summary>
    Shed,
}

/// <summary>What ended a session.</summary>
public enum SignOutKind
{
    Logout,
    LogoutAll,
    TokenRevocation,
    AdminRevocation,

    /// <summary>A password change, which revokes as logout-all does.</summary>
    PasswordChange,
}

/// <summary>Tag names and the fixed values they take: low cardinality, no user data.</summary>
internal static class MetricTags
{
    public const string Strategy = "strategy";
    public const string Result = "result";
    public const string Kind = "kind";
    public const string Revoked = "revoked";
    public const string Operation = "operation";
    public const string Succeeded = "succeeded";

    public static string Name(RevocationCheckOutcome outcome) => outcome switch
    {
        RevocationCheckOutcome.Passed => "passed",
        RevocationCheckOutcome.Revoked => "revoked",
        _ => "store_unavailable",
    };

    public static string Name(LoginResult result) => result switch
    {
        LoginResult.Success => "success",
        LoginResult.BadCredentials => "bad_credentials",
        LoginResult.RateLimited => "rate_limited",
        LoginResult.Shed => "shed",
        _ => "invalid_request",
    };

    public static string Name(SignOutKind kind) => kind switch
    {
        SignOutKind.Logout => "logout",
        SignOutKind.LogoutAll => "logout_all",
        SignOutKind.TokenRevocation => "token_revocation",
        SignOutKind.PasswordChange => "password_change",
        _ => "admin_revocation",
    };
}
