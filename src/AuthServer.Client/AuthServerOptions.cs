namespace AuthServer.Client;

/// <summary>
/// Where the auth server is and how this service may talk to it. Only <see cref="Authority"/> is always needed; the
/// strategy the server runs (read from it at start) decides which of the others matter.
/// </summary>
public sealed class AuthServerOptions
{
    /// <summary>The auth server's base URL (its <c>/.well-known/openid-configuration</c> and <c>/auth/strategy</c> live under it).</summary>
    public Uri? Authority { get; set; }

    /// <summary>The audience access tokens must carry (the server's <c>Jwt:Audience</c>).</summary>
    public string Audience { get; set; } = "authserver-clients";

    /// <summary>
    /// Only when the server signs with HS256 (it then publishes no keys): the same secret as its <c>Jwt:SigningKey</c>.
    /// Whoever holds it can mint tokens, so every service given it is as trusted as the auth server; prefer ES256.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Under the revocable strategies (<c>jwt-blacklist</c>, <c>redis-session</c>): this service's id, registered on the server as <c>Introspection:Clients:N:Id</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Under the revocable strategies: this service's secret (<c>Introspection:Clients:N:Secret</c>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// How long an introspection answer "active" is reused (never past the credential's own expiry). Zero, the default,
    /// asks the server on every request, so a logout is refused at once; a longer cache saves round trips and keeps a
    /// revoked session working here for up to this long. At most five minutes.
    /// </summary>
    public TimeSpan IntrospectionCacheDuration { get; set; } = TimeSpan.Zero;

    /// <summary>At most this many cached answers; past it, answers are not cached until expired ones are dropped.</summary>
    public int IntrospectionCacheSize { get; set; } = 10_000;

    /// <summary>Time allowed for one introspection call before the request is answered 503.</summary>
    public TimeSpan IntrospectionTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Under <c>jwt-blacklist</c> only (empty: not set): the auth server's Redis (a StackExchange.Redis configuration string, its
    /// <c>ConnectionStrings:Redis</c>). Set, credentials are checked here by JwtBearer plus the server's own revocation
    /// list, kept in step through Redis pub/sub: no call to the auth server per request, a logout refused within a
    /// message's delay. Unset, every request is introspected. This service only reads revocations: give it a Redis user
    /// allowed to read the revocation keys, subscribe to their channel and publish on it (its liveness probe).
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Must equal the server's <c>Redis:KeyPrefix</c>: the revocation keys and channel are named under it.</summary>
    public string RedisKeyPrefix { get; set; } = "authserver:";

    /// <summary>
    /// While the revocation list is out of sync with Redis: <c>fail-closed</c> (the default) answers 503 with
    /// <c>Retry-After</c>; <c>fail-open</c> accepts tokens unchecked for revocation, with one warning per outage.
    /// </summary>
    public string RedisFailureMode { get; set; } = "fail-closed";

    /// <summary>Longest wait for one Redis call of the revocation list.</summary>
    public TimeSpan RedisOperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Refuse an <c>http://</c> authority. Turn off only on a private network or in development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long start-up keeps trying to reach the auth server before the service refuses to start.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
