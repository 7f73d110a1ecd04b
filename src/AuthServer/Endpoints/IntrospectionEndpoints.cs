using System.Globalization;
using System.Security.Claims;
using AuthServer.Introspection;
using AuthServer.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Endpoints;

/// <summary><c>POST /auth/introspect</c> (RFC 7662): for registered resource services, whether a credential is active now.</summary>
internal static class IntrospectionEndpoints
{
    public static RouteHandlerBuilder MapIntrospectionEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/auth/introspect", IntrospectAsync)
            .WithSummary("Whether a credential is active, and whose (RFC 7662); HTTP Basic, registered resource services only.")
            .WithTags("Tokens")
            .RequireAuthorization(IntrospectionSetup.CallerPolicy)
            .DisableAntiforgery()
            .DescribeFormBody<IntrospectForm>()
            .WithMetadata(new BasicClientAuthMetadata())
            .Produces<OAuthError>(StatusCodes.Status400BadRequest)
            .Produces<OAuthError>(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<Ok<IntrospectionResult>, JsonHttpResult<OAuthError>, ProblemHttpResult>> IntrospectAsync(
        HttpRequest request, ClaimsPrincipal caller, CredentialIntrospector introspector, IntrospectionLimiter limiter, ILogger<IntrospectionResult> logger,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        response.Headers.CacheControl = "no-store";
        var clientId = caller.FindFirstValue(IntrospectionClientHandler.ClientIdClaim)!;
        if (limiter.TryAcquire(clientId) is { } wait)
        {
            IntrospectionLog.RateLimited(logger, clientId);
            // At least one second: Retry-After counts whole seconds (RFC 9110 §10.2.3), and 0 would invite an instant retry.
            return Problems.TooManyRequests(request.HttpContext, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait, "Too many introspection requests from this resource service; cache answers or slow down.");
        }

        if (!TokenEndpoints.IsUrlEncodedForm(request))
        {
            return TokenEndpoints.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded (RFC 7662 §2.1)");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var token = form["token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            return TokenEndpoints.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "token is required");
        }

        var hint = form["token_type_hint"].ToString();
        var result = await introspector.IntrospectAsync(token, hint, cancellationToken);
        IntrospectionLog.Introspected(logger, clientId, result.Active, result.TokenType ?? "-");
        return TypedResults.Ok(result);
    }
}
