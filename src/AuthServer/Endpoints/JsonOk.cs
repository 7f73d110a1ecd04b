using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace AuthServer.Endpoints;

/// <summary>
/// A 200 JSON answer written in one piece with a Content-Length, for the hot path. <c>TypedResults.Ok</c> serializes
/// asynchronously into a chunked body: on <c>/profile</c> that cost as much as authenticating the request.
/// The source-generated type info lets System.Text.Json write without its converter machinery.
/// </summary>
internal sealed class JsonOk<TValue>(TValue value, JsonTypeInfo<TValue> typeInfo) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IEndpointMetadataProvider
{
    private const string ContentType = "application/json; charset=utf-8";

    public TValue Value { get; } = value;

    object? IValueHttpResult.Value => Value;

    int? IStatusCodeHttpResult.StatusCode => StatusCodes.Status200OK;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(Value, typeInfo);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
    }
}
