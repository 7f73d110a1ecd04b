using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuthServer.OpenApi;

/// <summary>Title and description: one API, four strategies behind it.</summary>
internal sealed class ApiInfoTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "AuthServer",
            Version = "v1",
            Description = "One HTTP API, four ways of answering \"who are you?\" (stateless-jwt, jwt-refresh, jwt-blacklist, redis-session), "
                + "chosen per deployment by Auth:Strategy. GET /auth/strategy says which one runs and what it promises. "
                + "Errors are application/problem+json (RFC 9457) except the token-endpoint errors of /auth/refresh and /auth/revoke (RFC 6749 §5.2).",
        };
        return Task.CompletedTask;
    }
}
