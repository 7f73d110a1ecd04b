using AuthServer.OpenApi;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;

namespace AuthServer.Endpoints;

/// <summary>
/// <c>/.well-known/jwks.json</c> (public keys under ES256; 404 under HS256, whose key must stay secret) and
/// <c>/.well-known/openid-configuration</c>, from which stock clients (JwtBearer's <c>Authority</c>) find both.
/// </summary>
internal static class WellKnownEndpoints
{
    public static IEndpointRouteBuilder MapWellKnownEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", GetJwks).WithSummary("Public signing keys (ES256 only).").WithTags("Keys").AllowAnonymous()
            .Produces<JsonWebKeySetDocument>(StatusCodes.Status200OK, "application/jwk-set+json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/.well-known/openid-configuration", GetConfiguration).WithSummary("Discovery: issuer, keys and endpoints (RFC 8414 fields).")
            .WithTags("Keys").AllowAnonymous();
        return app;
    }

    public static IResult GetJwks(HttpContext context, IServiceProvider services)
    {
        if (services.GetService<IPublishedKeys>()?.PublicJwks is not { } jwks)
        {
            return Problems.NotFound("This server publishes no public keys (HS256 keys are secret, sessions are opaque).");
        }

        context.Response.Headers.CacheControl = "public, max-age=300";
        var keys = jwks.Keys.Select(k => new Dictionary<string, string?>
        {
            ["kty"] = k.Kty,
            ["crv"] = k.Crv,
            ["x"] = k.X,
            ["y"] = k.Y,
            ["kid"] = k.Kid,
            ["use"] = k.Use,
            ["alg"] = k.Alg,
        });
        return Results.Json(new Dictionary<string, object> { ["keys"] = keys.ToArray() }, contentType: "application/jwk-set+json");
    }

    // Absolute URLs from the request as it reached us (behind a trusted proxy, its X-Forwarded-Proto).
    public static JsonOk<DiscoveryDocument> GetConfiguration(HttpRequest request, IOptions<JwtOptions> jwt, IServiceProvider services)
    {
        var keys = services.GetService<IPublishedKeys>();
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}";
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return new(
            new DiscoveryDocument(
                jwt.Value.Issuer,
                keys?.PublicJwks is null ? null : root + "/.well-known/jwks.json",
                root + "/auth/revoke",
                ["none"],
                root + "/auth/introspect",
                ["client_secret_basic"],
                keys is null ? null : [.. keys.Algorithms],
                root + "/auth/strategy"),
            AuthServerJsonContext.Default.DiscoveryDocument);
    }
}
