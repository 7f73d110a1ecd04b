using AuthServer.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AuthServer.Endpoints;

/// <summary><c>/health/live</c> (the process answers: also the load tests' ceiling) and <c>/health/ready</c> (its stores answer).</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => "Healthy").WithTags("Health").AllowAnonymous().WithSummary("Live: the process answers.");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync }).AllowAnonymous();
        return app;
    }
}
