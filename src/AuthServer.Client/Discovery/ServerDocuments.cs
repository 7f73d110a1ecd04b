using System.Text.Json.Serialization;

namespace AuthServer.Client.Discovery;

/// <summary>The auth server's <c>GET /auth/strategy</c>.</summary>
internal sealed record StrategyDocument(
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("revocable")] bool Revocable,
    [property: JsonPropertyName("access_token_lifetime_seconds")] long AccessTokenLifetimeSeconds);

/// <summary>The fields of <c>/.well-known/openid-configuration</c> this library reads.</summary>
internal sealed record MetadataDocument(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("jwks_uri")] Uri? JwksUri,
    [property: JsonPropertyName("introspection_endpoint")] Uri? IntrospectionEndpoint,
    [property: JsonPropertyName("access_token_signing_alg_values_supported")] IReadOnlyList<string>? SigningAlgorithms);

/// <summary>RFC 7662 §2.2 answer, the fields this library turns into claims.</summary>
internal sealed record IntrospectionDocument(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("sub")] string? Subject,
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("exp")] long? ExpiresAt,
    [property: JsonPropertyName("iat")] long? IssuedAt,
    [property: JsonPropertyName("roles")] IReadOnlyList<string>? Roles);

[JsonSerializable(typeof(StrategyDocument))]
[JsonSerializable(typeof(MetadataDocument))]
[JsonSerializable(typeof(IntrospectionDocument))]
internal sealed partial class ServerDocumentsContext : JsonSerializerContext;
