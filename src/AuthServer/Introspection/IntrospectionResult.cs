using System.Security.Claims;
using System.Text.Json.Serialization;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Jwt;

namespace AuthServer.Introspection;

/// <summary>
/// What <c>/auth/introspect</c> says about a credential (RFC 7662 §2.2). <c>token_type</c> names the kind in the
/// vocabulary of <c>token_type_hint</c> (<c>access_token</c>, <c>refresh_token</c>), so a resource service can refuse a
/// refresh token presented as a bearer credential. An inactive answer carries nothing else.
/// </summary>
/// <param name="Active">Whether the credential would be accepted now.</param>
/// <param name="TokenType"><c>access_token</c> or <c>refresh_token</c>.</param>
/// <param name="Subject">The user id (<c>sub</c>).</param>
/// <param name="Username">The username.</param>
/// <param name="ExpiresAt">When it stops working (Unix seconds); for a session, the sooner of its idle and absolute ends.</param>
/// <param name="IssuedAt">When it was issued (Unix seconds).</param>
/// <param name="NotBefore">JWTs: not valid before (Unix seconds).</param>
/// <param name="Issuer">JWTs: <c>iss</c>.</param>
/// <param name="Audience">JWTs: <c>aud</c>.</param>
/// <param name="TokenId">JWTs: <c>jti</c>.</param>
/// <param name="Roles">The user's roles, as the credential carries them.</param>
public sealed record IntrospectionResult(
    bool Active,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenType = null,
    [property: JsonPropertyName("sub"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subject = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Username = null,
    [property: JsonPropertyName("exp"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ExpiresAt = null,
    [property: JsonPropertyName("iat"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? IssuedAt = null,
    [property: JsonPropertyName("nbf"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? NotBefore = null,
    [property: JsonPropertyName("iss"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Issuer = null,
    [property: JsonPropertyName("aud"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Audience = null,
    [property: JsonPropertyName("jti"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? TokenId = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Roles = null)
{
    public static IntrospectionResult Inactive { get; } = new(false);

    public static IntrospectionResult FromPrincipal(ClaimsPrincipal principal) => new(
        true,
        CredentialIntrospector.AccessToken,
        principal.GetUserId(),
        principal.GetUsername(),
        principal.GetExpiry().ToUnixTimeSeconds(),
        Seconds(principal, AccessTokenClaims.IssuedAt),
        Seconds(principal, "nbf"),
        principal.FindFirstValue("iss"),
        principal.FindFirstValue("aud"),
        principal.FindFirstValue(AccessTokenClaims.TokenId),
        principal.GetRoles());

    public static IntrospectionResult FromRefreshToken(AuthUser user, ActiveRefreshToken token) => new(
        true,
        CredentialIntrospector.RefreshToken,
        user.Id,
        user.Username,
        token.ExpiresAt.ToUnixTimeSeconds(),
        token.IssuedAt.ToUnixTimeSeconds(),
        Roles: user.Roles);

    private static long? Seconds(ClaimsPrincipal principal, string claim) =>
        long.TryParse(principal.FindFirstValue(claim), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;
}
