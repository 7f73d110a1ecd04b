using System.Net;
using System.Text.Json;
using AuthServer.Endpoints;
using AuthServer.Errors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace AuthServer.Hosting;

internal static class HostDefaults
{
    /// <summary>Request limits (bad input gets 413/431, not a 5xx), snake_case JSON, problem details.</summary>
    public static WebApplicationBuilder AddHostDefaults(this WebApplicationBuilder builder)
    {
        builder.AddSocketTuning();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 64 * 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            kestrel.Limits.MaxRequestLineSize = 8 * 1024;
        });
        builder.Services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, AuthServerJsonContext.Default);
        });
        // Malformed input throws BadHttpRequestException in every environment, so one handler answers it the same way.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        // The exception handler clears the headers set on the way in: a problem it writes gets nosniff again here.
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = problem =>
            problem.HttpContext.Response.Headers.XContentTypeOptions = SecurityHeaders.NoSniff);
        // Nothing here uses data protection (no cookies); ephemeral keys keep the server from writing outside its directory.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddExceptionHandler<AuthServerExceptionHandler>();
        builder.Services.AddOptions<TrustedProxyOptions>()
            .BindConfiguration(TrustedProxyOptions.Section)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TrustedProxyOptions>, TrustedProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((options, trusted) =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Loopback stays trusted (the defaults); configured proxies come on top.
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trusted.Value.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }

    public static WebApplication UseHostDefaults(this WebApplication app)
    {
        // Loopback proxies are trusted, and those named in ForwardedHeaders:KnownProxies / KnownNetworks.
        app.UseForwardedHeaders();
        app.Use(SecurityHeaders.Apply);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
