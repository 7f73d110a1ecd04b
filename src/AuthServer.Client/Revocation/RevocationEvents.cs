using AuthServer.Client.Introspection;
using AuthServer.Revocation;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Client.Revocation;

/// <summary>
/// JwtBearer's events under <c>jwt-blacklist</c> with Redis: after the stock validation, the same decision the server
/// makes (<see cref="RevocationCheck"/>); a revoked token is 401 <c>invalid_token</c>, a list out of sync under
/// fail-closed is 503 with <c>Retry-After</c> (the token may well be good: the client should retry, not log in again).
/// </summary>
internal static class RevocationEvents
{
    private const string RetryAfterSeconds = "1";

    public static Task OnTokenValidated(TokenValidatedContext context)
    {
        if (context.SecurityToken is not JsonWebToken token)
        {
            context.Fail("the token is not a JWT");
            return Task.CompletedTask;
        }

        switch (context.HttpContext.RequestServices.GetRequiredService<RevocationCheck>().Check(token, token.Subject))
        {
            case RevocationVerdict.TokenRevoked:
                context.Fail(RevocationCheck.TokenRevokedReason);
                break;
            case RevocationVerdict.UserRevoked:
                context.Fail(RevocationCheck.UserRevokedReason);
                break;
            case RevocationVerdict.Unavailable:
                context.Fail(new AuthServerUnavailableException("The revocation list is out of sync with the auth server's Redis."));
                break;
        }

        return Task.CompletedTask;
    }

    public static async Task OnChallenge(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not AuthServerUnavailableException)
        {
            return;
        }

        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Service unavailable",
            Detail = "Revocations cannot be checked right now (Redis is unreachable); try again shortly.",
        };
        await response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.HttpContext.RequestAborted);
    }
}
