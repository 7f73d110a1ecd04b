using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Strategies.Authentication;

/// <summary>Writes 401 and 403 answers the same way for every strategy: RFC 6750 header, RFC 9457 body.</summary>
public static partial class BearerChallenge
{
    /// <summary>401 with <c>WWW-Authenticate: Bearer</c>; <paramref name="failure"/> null means no credential was sent (RFC 6750 §3.1: no error code then).</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context, Exception? failure)
    {
        var description = failure is null ? "no bearer credential was sent" : AuthFailureDescriber.Describe(failure);
        var header = new StringBuilder("Bearer realm=\"authserver\"");
        if (failure is not null)
        {
            LogRefused(context, description, failure);
            header.Append(", error=\"invalid_token\", error_description=\"").Append(description).Append('"');
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = header.ToString();
        return WriteProblemAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", description);
    }

    /// <summary>403 for an authenticated caller that lacks a role (RFC 6750 §3.1 insufficient_scope).</summary>
    public static Task WriteForbiddenAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer realm=\"authserver\", error=\"insufficient_scope\", error_description=\"the admin role is required\"";
        return WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Forbidden", "this endpoint requires a role the credential does not carry");
    }

    // Why, never the credential: the same text the client gets in WWW-Authenticate. Only on the failure path.
    private static void LogRefused(HttpContext context, string reason, Exception failure)
    {
        var logger = context.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(BearerChallenge).FullName!);
        if (logger is not null && logger.IsEnabled(LogLevel.Information))
        {
            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var failureType = failure.GetType().Name;
            CredentialRefused(logger, client, reason, failureType);
        }
    }

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Credential refused from {ClientAddress}: {Reason} ({FailureType})")]
    private static partial void CredentialRefused(ILogger logger, string clientAddress, string reason, string failureType);

    private static Task WriteProblemAsync(HttpContext context, int status, string title, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = status == 401 ? "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2" : "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        };
        return context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }
}
