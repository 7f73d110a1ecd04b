using System.Text.Json;
using AuthServer.Endpoints;
using AuthServer.Errors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;

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
        builder.Services.AddProblemDetails();
        // Nothing here uses data protection (no cookies); ephemeral keys keep the server from writing outside its directory.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddExceptionHandler<AuthServerExceptionHandler>();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
        return builder;
    }

    public static WebApplication UseHostDefaults(this WebApplication app)
    {
        // Only loopback proxies are trusted by default (nginx in front on the same host).
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
