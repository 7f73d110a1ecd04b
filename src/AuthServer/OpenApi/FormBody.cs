using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace AuthServer.OpenApi;

/// <summary>
/// Names the form a handler reads itself. Unlike <c>Accepts</c>, this is documentation only: routing
/// does not turn other content types into 415, so the handler still answers them with its own 400.
/// </summary>
internal sealed record FormBodyMetadata(Type Type);

internal static class FormBody
{
    public const string MediaType = "application/x-www-form-urlencoded";

    public static RouteHandlerBuilder DescribeFormBody<T>(this RouteHandlerBuilder builder) => builder.WithMetadata(new FormBodyMetadata(typeof(T)));
}

/// <summary>Writes the request body for endpoints marked with <see cref="FormBodyMetadata"/>.</summary>
internal sealed class FormBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<FormBodyMetadata>().LastOrDefault() is not { } form)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(form.Type, parameterDescription: null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { [FormBody.MediaType] = new() { Schema = schema } },
        };
    }
}
