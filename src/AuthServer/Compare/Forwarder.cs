using System.Diagnostics;
using System.Globalization;

namespace AuthServer.Compare;

/// <summary>
/// <c>/s/{strategy}/{a|b}/{path}</c>: the page talks to one origin, and this hands each call to that instance as it came
/// (method, path, query, body and the headers the API reads) and hands back its answer (status, body and the headers the
/// page reads). <c>Server-Timing</c> says how long the instance took, without the hop through here.
/// </summary>
internal static class Forwarder
{
    public const string ClientName = "compare";

    private static readonly string[] RequestHeaders = ["Authorization", "Accept"];
    private static readonly string[] ResponseHeaders = ["WWW-Authenticate", "Retry-After", "Cache-Control", "Pragma", "Location"];

    public static IEndpointConventionBuilder MapForwarder(this IEndpointRouteBuilder app) =>
        app.Map("/s/{strategy}/{instance}/{**path}", ForwardAsync).ExcludeFromDescription();

    private static async Task<IResult> ForwardAsync(
        HttpContext context, string strategy, string instance, string? path, ComparisonInstances instances, IHttpClientFactory clients, ILogger<ComparisonInstances> logger)
    {
        if (instances.Find(strategy, instance) is not { } target)
        {
            return TypedResults.Problem($"No instance '{instance}' of a strategy '{strategy}' here: the instances are a and b of {string.Join(", ", ComparisonInstances.Columns)}.", statusCode: StatusCodes.Status404NotFound);
        }

        // Built, not resolved against the base: "//host/x" must never become another host.
        var built = $"{target.BaseAddress}{(path ?? string.Empty).TrimStart('/')}{context.Request.QueryString.ToUriComponent()}";
        if (!Uri.TryCreate(built, UriKind.Absolute, out var destination) || destination.Authority != target.BaseAddress.Authority)
        {
            return TypedResults.Problem("That path does not name a path on the instance.", statusCode: StatusCodes.Status400BadRequest);
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), destination);
        CopyRequest(context.Request, request);
        var client = clients.CreateClient(ClientName);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            var took = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var name in ResponseHeaders)
            {
                if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            context.Response.Headers["Server-Timing"] = $"instance;dur={took.ToString("0.0", CultureInfo.InvariantCulture)}";
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            return TypedResults.Empty;
        }
        catch (TaskCanceledException ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            ComparisonLog.ForwardFailed(logger, context.Request.Method, strategy, instance, ex.GetType().Name);
            return TypedResults.Problem($"{strategy} {instance} did not answer within {client.Timeout.TotalSeconds:0} s.", statusCode: StatusCodes.Status504GatewayTimeout);
        }
        catch (HttpRequestException ex)
        {
            ComparisonLog.ForwardFailed(logger, context.Request.Method, strategy, instance, ex.GetType().Name);
            return TypedResults.Problem($"{strategy} {instance} does not answer{(target.HasExited ? ": its process has exited (see the comparison's console)" : string.Empty)}.", statusCode: StatusCodes.Status502BadGateway);
        }
    }

    private static void CopyRequest(HttpRequest from, HttpRequestMessage to)
    {
        foreach (var name in RequestHeaders)
        {
            if (from.Headers.TryGetValue(name, out var values))
            {
                to.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        // The instance trusts loopback proxies, so it sees the browser's address as the client (login limits key on it).
        if (from.HttpContext.Connection.RemoteIpAddress is { } client)
        {
            to.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }
        if (from.ContentLength > 0 || from.Headers.TransferEncoding.Count > 0)
        {
            to.Content = new StreamContent(from.Body);
            if (from.ContentType is { } contentType)
            {
                to.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
    }
}
