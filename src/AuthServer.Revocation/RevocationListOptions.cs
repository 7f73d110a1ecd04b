namespace AuthServer.Revocation;

/// <summary>
/// What the revocation list must know of the tokens it judges. The server fills it from its own settings
/// (<c>Auth:AccessTokenLifetime</c>, <c>Jwt:ClockSkew</c>, <c>Auth:RedisFailureMode</c>, <c>Redis:KeyPrefix</c>); a resource
/// service from the server's <c>/auth/strategy</c> and its own settings.
/// </summary>
internal sealed class RevocationListOptions
{
    /// <summary>The longest an access token lives: a user's generation must be kept that long (plus the skew).</summary>
    public TimeSpan AccessTokenLifetime { get; set; }

    /// <summary>A token is accepted up to <c>exp</c> plus this skew, so its revocation is kept that long too.</summary>
    public TimeSpan ClockSkew { get; set; }

    /// <summary>While the list is out of sync with Redis: accept with a logged warning (true) or answer 503 (false, the default).</summary>
    public bool FailOpen { get; set; }

    /// <summary>Prepended to the revocation keys and channel: the server's <c>Redis:KeyPrefix</c>.</summary>
    public string KeyPrefix { get; set; } = "authserver:";
}
