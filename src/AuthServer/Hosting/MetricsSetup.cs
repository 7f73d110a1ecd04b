using AuthServer.Strategies.Telemetry;
using OpenTelemetry.Metrics;

namespace AuthServer.Hosting;

/// <summary>OpenTelemetry metrics from the <c>AuthServer</c> meter, exposed for Prometheus at <c>/metrics</c>.</summary>
internal static class MetricsSetup
{
    public const string ScrapePath = "/metrics";

    public static WebApplicationBuilder AddAuthServerMetrics(this WebApplicationBuilder builder)
    {
        // Only the server's own meter: HTTP server metrics would add per-request work to the load-tested hot path.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AuthMetrics.MeterName)
            // Each scrape collects afresh: a cached answer would hide the requests of the last moment.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>An endpoint, not middleware: requests to other paths pay nothing for it.</summary>
    public static IEndpointConventionBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapPrometheusScrapingEndpoint(ScrapePath).AllowAnonymous().ExcludeFromDescription();
}
