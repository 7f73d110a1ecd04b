using System.Text.Json.Serialization;

namespace AuthServer.Endpoints;

/// <summary><c>POST /auth/register</c> and <c>POST /auth/login</c> body.</summary>
public sealed record CredentialsRequest(string? Username, string? Password);

/// <summary>201 answer to a registration.</summary>
public sealed record RegisteredUser(string Id, string Username);

/// <summary>The token response (RFC 6749 §5.1) plus the strategy that issued it.</summary>
public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    long ExpiresIn,
    string Strategy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? RefreshExpiresIn = null);

/// <summary><c>POST /auth/password</c> body.</summary>
public sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

/// <summary><c>POST /auth/refresh</c> body.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>Token-endpoint error (RFC 6749 §5.2, RFC 7009 §2.2.1).</summary>
public sealed record OAuthError(string Error, string? ErrorDescription = null);

/// <summary><c>GET /profile</c> answer.</summary>
public sealed record ProfileResponse(string Id, string Username, string Strategy, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt);

/// <summary><c>POST /auth/logout</c>, <c>/auth/logout-all</c> and <c>/auth/password</c> answer.</summary>
public sealed record LogoutResponse(bool Revoked, DateTimeOffset AccessTokenValidUntil);

/// <summary><c>GET /auth/strategy</c> answer.</summary>
public sealed record StrategyResponse(string Strategy, bool Revocable, bool RefreshTokens, bool NeedsRedis, long AccessTokenLifetimeSeconds);

/// <summary><c>POST /admin/users/{username}/revoke</c> answer.</summary>
public sealed record AdminRevokeResponse(string Username, bool Revoked);

/// <summary><c>PUT</c>/<c>DELETE /admin/users/{username}/roles/admin</c> answer: the roles the account holds now.</summary>
public sealed record AccountRolesResponse(string Username, IReadOnlyList<string> Roles);

/// <summary><c>POST /auth/revoke</c> answer (RFC 7009 §2.2 needs no body; this says what happened).</summary>
public sealed record RevokeResponse(bool Revoked);

/// <summary>
/// <c>GET /.well-known/openid-configuration</c>: RFC 8414 authorization-server metadata, as much as this server has.
/// <c>jwks_uri</c> only under ES256 (HS256 keys are secret); the signing algorithms only under a JWT strategy.
/// </summary>
/// <param name="Issuer">The <c>iss</c> of issued tokens (<c>Jwt:Issuer</c>).</param>
/// <param name="JwksUri">The public keys (ES256 only).</param>
/// <param name="RevocationEndpoint">RFC 7009 revocation.</param>
/// <param name="RevocationEndpointAuthMethodsSupported">No client authentication: whoever holds a token may revoke it.</param>
/// <param name="IntrospectionEndpoint">RFC 7662 introspection, for registered resource services.</param>
/// <param name="IntrospectionEndpointAuthMethodsSupported">HTTP Basic with a client id and secret.</param>
/// <param name="AccessTokenSigningAlgValuesSupported">Algorithms of the access tokens (not a registered name: this server issues no ID tokens).</param>
/// <param name="StrategyEndpoint">Which strategy runs and what it promises (<c>GET /auth/strategy</c>).</param>
public sealed record DiscoveryDocument(
    string Issuer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? JwksUri,
    string RevocationEndpoint,
    IReadOnlyList<string> RevocationEndpointAuthMethodsSupported,
    string IntrospectionEndpoint,
    IReadOnlyList<string> IntrospectionEndpointAuthMethodsSupported,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AccessTokenSigningAlgValuesSupported,
    string StrategyEndpoint);

/// <summary>Source-generated serialisation for the hot path and everything else the API writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CredentialsRequest))]
[JsonSerializable(typeof(RegisteredUser))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(RefreshRequest))]
[JsonSerializable(typeof(PasswordChangeRequest))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(ProfileResponse))]
[JsonSerializable(typeof(LogoutResponse))]
[JsonSerializable(typeof(StrategyResponse))]
[JsonSerializable(typeof(AdminRevokeResponse))]
[JsonSerializable(typeof(AccountRolesResponse))]
[JsonSerializable(typeof(RevokeResponse))]
[JsonSerializable(typeof(DiscoveryDocument))]
[JsonSerializable(typeof(AuthServer.Introspection.IntrospectionResult))]
internal sealed partial class AuthServerJsonContext : JsonSerializerContext;
