using AuthServer.Strategies.Authentication;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuthServer.OpenApi;

/// <summary>Declares the bearer scheme every strategy uses (RFC 6750): a JWT or an opaque session id.</summary>
internal sealed class BearerSchemeTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = AuthSchemes.Bearer;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Authorization: Bearer <access_token from /auth/login>: a JWT under the three JWT strategies, an opaque session id under redis-session.",
        };
        return Task.CompletedTask;
    }
}
