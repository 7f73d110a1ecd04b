namespace AuthServer.Client.Discovery;

/// <summary>How this service checks credentials, decided once at start from what the auth server says it runs.</summary>
internal enum ValidationMode
{
    /// <summary>Stock JwtBearer, locally: the strategy cannot take a token back before <c>exp</c>.</summary>
    Jwt,

    /// <summary>RFC 7662 introspection: the strategy can revoke a credential, and only the server knows.</summary>
    Introspection,

    /// <summary>Stock JwtBearer, then the server's own revocation list (<c>jwt-blacklist</c> with <c>AuthServer:Redis</c> set).</summary>
    JwtWithRevocationList,
}

/// <summary>
/// What start-up learned from the auth server. Filled once, before the host takes requests (<see cref="AuthServerDiscovery"/>);
/// read on every request by the scheme selector, so a read before that is a bug and throws.
/// </summary>
internal sealed class AuthServerConnection
{
    public const string JwtScheme = AuthServerDefaults.AuthenticationScheme + ".Jwt";
    public const string IntrospectionScheme = AuthServerDefaults.AuthenticationScheme + ".Introspection";

    private Resolved? resolved;

    public bool IsResolved => resolved is not null;

    public string Strategy => Current.Strategy;

    public string Issuer => Current.Issuer;

    public ValidationMode Mode => Current.Mode;

    /// <summary>ES256: JwtBearer reads the keys from the discovery document; HS256: the shared secret of the options.</summary>
    public bool PublishedKeys => Current.PublishedKeys;

    public Uri IntrospectionEndpoint => Current.IntrospectionEndpoint ?? throw new InvalidOperationException("The auth server names no introspection endpoint.");

    /// <summary>The server's <c>access_token_lifetime_seconds</c>: how long a user's revocation generation matters.</summary>
    public TimeSpan AccessTokenLifetime => Current.AccessTokenLifetime;

    public bool ValidatesLocally => Current.Mode != ValidationMode.Introspection;

    public string SchemeName => ValidatesLocally ? JwtScheme : IntrospectionScheme;

    private Resolved Current => resolved ?? throw new InvalidOperationException("AuthServer.Client has not reached the auth server yet: its start-up (a hosted service) has not run.");

    public void Resolve(string strategy, string issuer, ValidationMode mode, bool publishedKeys, Uri? introspectionEndpoint, TimeSpan accessTokenLifetime) =>
        resolved = new Resolved(strategy, issuer, mode, publishedKeys, introspectionEndpoint, accessTokenLifetime);

    private sealed record Resolved(string Strategy, string Issuer, ValidationMode Mode, bool PublishedKeys, Uri? IntrospectionEndpoint, TimeSpan AccessTokenLifetime);
}
