using AuthServer.OpenApi;
using AuthServer.Strategies.Abstractions;

namespace AuthServer.Endpoints;

/// <summary><c>/.well-known/jwks.json</c>: public keys under ES256; 404 under HS256, whose key must stay secret.</summary>
internal static class WellKnownEndpoints
{
    public static RouteHandlerBuilder MapWellKnownEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/.well-known/jwks.json", GetJwks).WithSummary("Public signing keys (ES256 only).").WithTags("Keys").AllowAnonymous()
            .Produces<JsonWebKeySetDocument>(StatusCodes.Status200OK, "application/jwk-set+json")
            .ProducesProblem(StatusCodes.Status404NotFound);

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
}
