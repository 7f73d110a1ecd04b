using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace AuthServer.Hosting;

/// <summary>
/// OpenTelemetry metrics from the <c>AuthServer</c> meter, exposed for Prometheus at <c>/metrics</c>: on the management
/// listener (<c>Management:Port</c>) only, outside Development; in Development on the public URLs too (the demo page
/// links it). What the metrics tell (login failures, revocations, Redis latency) is for operators, not for the internet.
/// </summary>
internal static class MetricsSetup
{
    public const string ScrapePath = "/metrics";
    public const string PortKey = "Management:Port";

    public static WebApplicationBuilder AddAuthServerMetrics(this WebApplicationBuilder builder)
    {
        // Only the server's own meter: HTTP server metrics would add per-request work to the load-tested hot path.
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AuthMetrics.MeterName)
            // Each scrape collects afresh: a cached answer would hide the requests of the last moment.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        if (ManagementPort(builder.Configuration) is { } port)
        {
            // One more listener, on every interface, beside whatever the URLs already are (explicit Listen calls would replace them).
            builder.WebHost.UseUrls([.. PublicUrls(builder.Configuration), $"http://*:{port}"]);
        }

        return builder;
    }

    /// <summary>On the management port only <c>/metrics</c> is served; elsewhere <c>/metrics</c> only in Development.</summary>
    public static WebApplication UseManagementListener(this WebApplication app)
    {
        if (ManagementPort(app.Configuration) is { } port)
        {
            var publicMetrics = app.Environment.IsDevelopment();
            app.Use((context, next) =>
            {
                // The port the connection came in on, never the Host header (a client chooses that).
                var onManagement = context.Connection.LocalPort == port;
                var isMetrics = context.Request.Path.StartsWithSegments(ScrapePath, StringComparison.Ordinal);
                if (onManagement != isMetrics && !(isMetrics && publicMetrics))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }

                return next(context);
            });
        }

        return app;
    }

    /// <summary>An endpoint, not middleware: requests to other paths pay nothing for it. Outside Development without a management port, none.</summary>
    public static WebApplication MapMetricsEndpoint(this WebApplication app)
    {
        if (app.Environment.IsDevelopment() || ManagementPort(app.Configuration) is not null)
        {
            app.MapPrometheusScrapingEndpoint(ScrapePath).AllowAnonymous().ExcludeFromDescription();
        }

        return app;
    }

    private static int? ManagementPort(IConfiguration configuration)
    {
        var port = configuration.GetValue<int?>(PortKey);
        return port is null or (>= 1 and <= 65535)
            ? port
            : throw new OptionsValidationException(PortKey, typeof(int), [$"{PortKey} must be a TCP port, 1 to 65535; got {port}."]);
    }

    // What Kestrel would bind without an explicit list: URLS, else HTTP_PORTS / HTTPS_PORTS, else its default.
    private static IEnumerable<string> PublicUrls(ConfigurationManager configuration)
    {
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        var ports = Ports(configuration[WebHostDefaults.HttpPortsKey], "http").Concat(Ports(configuration[WebHostDefaults.HttpsPortsKey], "https")).ToList();
        return ports.Count > 0 ? ports : ["http://localhost:5000"];
    }

    private static IEnumerable<string> Ports(string? list, string scheme) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"{scheme}://*:{p}");
}
