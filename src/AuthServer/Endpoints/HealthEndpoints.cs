using AuthServer.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AuthServer.Endpoints;

/// <summary><c>/health/live</c> (the process answers: also the load tests' ceiling) and <c>/health/ready</c> (its stores answer).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // A text result carries a Content-Length; a bare string would be written chunked, costing more than /profile.
        app.MapGet("/health/live", () => TypedResults.Text("Healthy")).Produces<string>(StatusCodes.Status200OK, "text/plain").WithTags("Health").AllowAnonymous().WithSummary("Live: the process answers.");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        return app;
    }
}
