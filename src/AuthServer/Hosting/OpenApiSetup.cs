using AuthServer.OpenApi;
using Scalar.AspNetCore;

namespace AuthServer.Hosting;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, and the Scalar reference UI at <c>/scalar</c> in Development.</summary>
internal static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static WebApplicationBuilder AddApiDocumentation(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiInfoTransformer>();
            options.AddDocumentTransformer<BearerSchemeTransformer>();
            options.AddDocumentTransformer<HealthReadyTransformer>();
            options.AddDocumentTransformer<BasicClientTransformer>();
            options.AddOperationTransformer<BearerRequirementTransformer>();
            options.AddOperationTransformer<BasicClientTransformer>();
            options.AddOperationTransformer<ResponseDetailsTransformer>();
            options.AddOperationTransformer<FormBodyTransformer>();
            options.AddSchemaTransformer<IntegerSchemaTransformer>();
        });
        return builder;
    }

    /// <summary>Endpoints only: the document is built when asked for, never on other requests.</summary>
    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        if (app.Environment.IsDevelopment())
        {
            // Everything Scalar needs is embedded in the package: no CDN, fonts or telemetry (no internet here).
            app.MapScalarApiReference("/scalar", options => options
                .WithTitle("AuthServer API")
                .WithOpenApiRoutePattern(DocumentPath)
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .AddPreferredSecuritySchemes(BearerSchemeTransformer.SchemeName))
                .AllowAnonymous();
        }

        return app;
    }
}
