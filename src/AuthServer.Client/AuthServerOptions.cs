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

    /// <summary>Refuse an <c>http://</c> authority. Turn off only on a private network or in development.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How long start-up keeps trying to reach the auth server before the service refuses to start.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
