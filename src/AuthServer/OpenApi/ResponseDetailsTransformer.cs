using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuthServer.OpenApi;

/// <summary>Documents the <c>Retry-After</c> header that every 429 and 503 carries (RFC 9110 §10.2.3).</summary>
internal sealed class ResponseDetailsTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, description) in new[] { ("429", "Too many requests (password guesses, registrations, or one resource service's introspection calls); try again after Retry-After."), ("503", "A store the strategy needs is unreachable, or every password-hashing permit is taken; try again after Retry-After.") })
        {
            if (operation.Responses?.TryGetValue(status, out var found) == true && found is OpenApiResponse response)
            {
                response.Description = description;
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                response.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before trying again.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                };
            }
        }

        return Task.CompletedTask;
    }
}
