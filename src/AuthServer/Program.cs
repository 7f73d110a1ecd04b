using AuthServer.Compare;
using AuthServer.Endpoints;
using AuthServer.Hosting;
using AuthServer.Introspection;
using AuthServer.Persistence;
using AuthServer.Strategies;
using AuthServer.Throttling;
using AuthServer.Users;

// --compare: the four strategies side by side at /compare, each as two processes of this server (docs/compare.md).
if (Comparison.IsRequested(args))
{
    return Comparison.Run(args);
}

return StartupGuard.Run(() =>
{
    // Settings are read once at start (a change is a restart): no watcher on the content root, where a local
    // SQLite file's every write would otherwise wake it.
    var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);

    // Kestrel limits, JSON, problem details, the exception-to-status mapping.
    builder.AddHostDefaults();

    // SQLite or PostgreSQL: the accounts and what the strategies keep, migrated before the server listens.
    builder.AddDatabase();

    // Development without ConnectionStrings:Redis: an in-process Redis for the strategies that need one.
    builder.AddDevelopmentRedis();

    // The strategy chosen by Auth:Strategy, with its own authentication scheme.
    builder.AddAuthStrategy();

    // Users, password hashing, the admin policy.
    builder.AddUsers();

    // Limits on password guesses and registrations: counted in Redis when there is one, so replicas share them.
    builder.AddThrottling();

    // Resource services allowed to call /auth/introspect (HTTP Basic), and their rate limit.
    builder.AddIntrospection();

    // The OpenAPI document (Scalar UI in Development) and OpenTelemetry metrics for Prometheus.
    builder.AddApiDocumentation();
    builder.AddAuthServerMetrics();

    var app = builder.Build();

    app.UseHostDefaults();
    app.UseManagementListener();
    app.UseAuthentication();
    app.UseAuthorization();

    app.MapAccountEndpoints();
    app.MapTokenEndpoints();
    app.MapSessionEndpoints();
    app.MapPasswordEndpoints();
    app.MapProfileEndpoints();
    app.MapAdminEndpoints();
    app.MapIntrospectionEndpoints();
    app.MapWellKnownEndpoints();
    app.MapHealthEndpoints();

    // The API description, /metrics and the /demo page: endpoints, so the hot path pays nothing for them.
    app.MapApiDocumentation();
    app.MapMetricsEndpoint();
    app.MapDemo();

    app.Run();
});

/// <summary>Entry point type, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
