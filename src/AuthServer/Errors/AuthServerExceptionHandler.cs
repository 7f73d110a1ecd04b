using AuthServer.Hosting;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace AuthServer.Errors;

/// <summary>
/// Maps what is not a bug to its status: malformed input 4xx, an unreachable store 503. Anything else
/// falls through to the default 500 problem, which is a bug to fix.
/// </summary>
internal sealed class AuthServerExceptionHandler(IProblemDetailsService problems, ILogger<AuthServerExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The middleware cleared the response's headers before calling here; this one goes on every response.
        context.Response.Headers.XContentTypeOptions = SecurityHeaders.NoSniff;
        var (status, title, detail, retryAfter) = Classify(exception);
        if (status == 0)
        {
            return false;
        }

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            ErrorLog.StoreUnavailable(logger, exception.GetType().Name, exception.Message);
        }

        context.Response.StatusCode = status;
        if (retryAfter is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static (int Status, string Title, string Detail, string? RetryAfter) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, "Invalid request", bad.Message, null),
        // A malformed form or multipart body (bad boundary, truncated section) found while reading it.
        InvalidDataException => (400, "Invalid request", "The request body is malformed.", null),
        StoreUnavailableException store => (503, "Service unavailable", $"The {store.Store} store cannot be reached; try again shortly.", "5"),
        ActorBusyException busy => (503, "Service unavailable", busy.Message, "1"),
        // SQLite busy or unwritable, PostgreSQL unreachable or shutting down (DatabaseFailures says which errors those are).
        _ when DatabaseFailures.IsUnavailable(exception) => (503, "Service unavailable", "The database cannot be reached; try again shortly.", "5"),
        _ => (0, string.Empty, string.Empty, null),
    };
}
