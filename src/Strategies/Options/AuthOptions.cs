namespace AuthServer.Strategies.Options;

/// <summary>The <c>Auth</c> section: which strategy runs and the lifetimes it uses.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>One of <see cref="StrategyNames"/>.</summary>
    public string Strategy { get; set; } = StrategyNames.StatelessJwt;

    /// <summary>Access token lifetime; when unset, 1 hour, or 5 minutes under <c>jwt-refresh</c>.</summary>
    public TimeSpan? AccessTokenLifetime { get; set; }

    /// <summary>Lifetime of one refresh token (each rotation issues a fresh one).</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Absolute lifetime of a refresh family, however often it rotates.</summary>
    public TimeSpan RefreshFamilyLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long the token just rotated may be presented again and get the same successor back.</summary>
    public TimeSpan RefreshReuseGrace { get; set; } = TimeSpan.Zero;

    /// <summary><c>redis-session</c> sliding idle expiry.</summary>
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary><c>redis-session</c> absolute cap.</summary>
    public TimeSpan SessionAbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary><c>fail-closed</c> or <c>fail-open</c>: what <c>jwt-blacklist</c> does while Redis is down.</summary>
    public string RedisFailureMode { get; set; } = RedisFailureModes.FailClosed;

    /// <summary>The access token lifetime in force for the running strategy.</summary>
    public TimeSpan EffectiveAccessTokenLifetime =>
        AccessTokenLifetime ?? (Strategy == StrategyNames.JwtRefresh ? TimeSpan.FromMinutes(5) : TimeSpan.FromHours(1));
}

/// <summary>Values of <c>Auth:Strategy</c>.</summary>
public static class StrategyNames
{
    public const string StatelessJwt = "stateless-jwt";
    public const string JwtRefresh = "jwt-refresh";
    public const string JwtBlacklist = "jwt-blacklist";
    public const string RedisSession = "redis-session";
}

/// <summary>Values of <c>Auth:RedisFailureMode</c>.</summary>
public static class RedisFailureModes
{
    public const string FailClosed = "fail-closed";
    public const string FailOpen = "fail-open";
}
