using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Endpoints;

/// <summary>The problem+json answers the API gives, in one place so their wording stays consistent.</summary>
internal static class Problems
{
    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "Invalid request");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict");

    public static ProblemHttpResult BadCredentials() =>
        TypedResults.Problem("The username or password is incorrect.", statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");

    /// <summary>503 with <c>Retry-After</c>: every password-hashing permit is taken and none came free in time.</summary>
    public static ProblemHttpResult HashingBusy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem("Too many password checks at once; try again shortly.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "Service unavailable");
    }

    /// <summary>429 with <c>Retry-After</c> in whole seconds, rounded up (RFC 6585 §4).</summary>
    public static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }
}
