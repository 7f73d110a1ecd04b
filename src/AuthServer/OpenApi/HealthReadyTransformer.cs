using System.Net.Mime;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuthServer.OpenApi;

/// <summary><c>/health/ready</c> is a health-check endpoint, which the endpoint explorer does not see; this describes it.</summary>
internal sealed class HealthReadyTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var report = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Healthy, Degraded or Unhealthy" },
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Each store the strategy needs, by name, with its status and description.",
                    AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Object },
                },
            },
        };
        var operation = new OpenApiOperation
        {
            Summary = "Ready: every store the running strategy needs answers.",
            Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
            Responses = new OpenApiResponses
            {
                ["200"] = Json("Every needed store answers.", report),
                ["503"] = Json("A needed store is down.", report),
            },
        };
        document.Paths ??= [];
        document.Paths["/health/ready"] = new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = operation } };
        return Task.CompletedTask;
    }

    private static OpenApiResponse Json(string description, OpenApiSchema schema) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { [MediaTypeNames.Application.Json] = new() { Schema = schema } },
    };
}
