using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Client.Introspection;

/// <summary>
/// <c>Authorization: Bearer &lt;credential&gt;</c> judged by the auth server (RFC 7662), through the optional cache. No
/// credential: no result; inactive: 401 with RFC 6750's <c>invalid_token</c>; the auth server unable to answer: 503 with
/// <c>Retry-After</c>, since the credential may well be good.
/// </summary>
internal sealed class IntrospectionHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IntrospectionCaller caller,
    IntrospectionCache cache) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers[HeaderNames.Authorization];
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.AsSpan(Prefix.Length).Trim().IsEmpty)
        {
            return AuthenticateResult.NoResult();
        }

        var credential = header[Prefix.Length..].Trim();
        var principal = cache.Find(credential);
        if (principal is null)
        {
            try
            {
                if (await caller.IntrospectAsync(credential, Scheme.Name, Context.RequestAborted) is not { } active)
                {
                    return AuthenticateResult.Fail("the credential is not active");
                }

                (principal, var expiresAt) = active;
                cache.Remember(credential, principal, expiresAt);
            }
            catch (AuthServerUnavailableException unavailable)
            {
                return AuthenticateResult.Fail(unavailable);
            }
        }

        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var (status, title, detail) = result.Failure switch
        {
            AuthServerUnavailableException => (StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The auth server cannot be asked about the credential right now; try again shortly."),
            null => (StatusCodes.Status401Unauthorized, "Unauthorized", "no bearer credential was sent"),
            _ => (StatusCodes.Status401Unauthorized, "Unauthorized", "the credential is not active (unknown, expired or revoked)"),
        };
        Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = "5";
        }
        else
        {
            // RFC 6750 §3.1: no error code when no credential was sent.
            Response.Headers[HeaderNames.WWWAuthenticate] = result.Failure is null ? "Bearer" : $"Bearer error=\"invalid_token\", error_description=\"{detail}\"";
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        await Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", Context.RequestAborted);
    }
}
