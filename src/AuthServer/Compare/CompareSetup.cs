using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;

namespace AuthServer.Compare;

/// <summary>The comparison host: the page, its API, the forwarder, and the instances and Redis behind them.</summary>
internal static class CompareSetup
{
    public const string PagePath = "/compare/index.html";

    /// <summary>Everything the page loads comes from this origin; nothing may frame it (CONTRACT.md: HTML pages).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddComparison(this WebApplicationBuilder builder)
    {
        var options = CompareOptions.From(builder.Configuration);
        // Loopback only, whatever --urls or ASPNETCORE_URLS say: the instances behind it let anyone who reaches them in.
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Port.ToString(CultureInfo.InvariantCulture)}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
        });
        // Only these names in Host: a site that points its own name at 127.0.0.1 (DNS rebinding) gets 400.
        builder.Configuration["AllowedHosts"] = "127.0.0.1;localhost";
        // The forwarder's every request at Information would drown the instances' own lines.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddProblemDetails();
        builder.Services.Configure<JsonOptions>(json => json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        builder.Services.AddSingleton<ComparisonWorkspace>();
        builder.Services.AddSingleton<ComparisonRedis>();
        builder.Services.AddSingleton<ComparisonInstances>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ComparisonInstances>());
        builder.Services.AddHttpClient(Forwarder.ClientName, http => http.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false });
        return builder;
    }

    public static WebApplication UseComparison(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
        return app;
    }

    public static WebApplication MapComparison(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapGet("/", () => TypedResults.Redirect(PagePath));
        app.MapGet("/compare", () => TypedResults.Redirect(PagePath));
        app.MapCompareApi();
        app.MapForwarder();
        app.Lifetime.ApplicationStarted.Register(() => PrintAddress(app));
        return app;
    }

    /// <summary>One write, so the block is not split by log lines written meanwhile.</summary>
    private static void PrintAddress(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var instances = app.Services.GetRequiredService<ComparisonInstances>();
        var redis = app.Services.GetRequiredService<ComparisonRedis>();
        var text = new StringBuilder().AppendLine().AppendLine(CultureInfo.InvariantCulture, $"The comparison is ready: open {address}/compare");
        foreach (var strategy in ComparisonInstances.Columns)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {strategy,-14} A {instances.Find(strategy, "a")?.BaseAddress}  B {instances.Find(strategy, "b")?.BaseAddress}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  Redis (embedded Garnet) {redis.ConnectionString}; Ctrl+C stops everything.");
        Console.Out.Write(text.AppendLine().ToString());
    }
}
