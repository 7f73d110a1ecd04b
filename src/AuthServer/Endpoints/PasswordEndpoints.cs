using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Telemetry;
using AuthServer.Throttling;
using AuthServer.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Endpoints;

/// <summary>
/// <c>POST /auth/password</c>: the way to evict someone who knows the password. The current password is a guess like a
/// login's (same limits, same hashing permits); once changed, everything the user holds is revoked as logout-all does.
/// </summary>
internal static class PasswordEndpoints
{
    public static RouteHandlerBuilder MapPasswordEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost("/auth/password", ChangePasswordAsync).WithTags("Accounts").RequireAuthorization()
            .WithSummary("Change the password; every credential of the user is revoked as far as the strategy can (as logout-all).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    public static async Task<Results<Ok<LogoutResponse>, ProblemHttpResult>> ChangePasswordAsync(
        [FromBody] PasswordChangeRequest? body,
        ClaimsPrincipal principal,
        HttpContext context,
        UserService users,
        PasswordGuesses guesses,
        CredentialChanges changes,
        AuthMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        // The answer carries when the old credential stops working: never cached (as token responses).
        TokenResponses.NeverCache(context);
        if (body is not { CurrentPassword.Length: > 0 and <= 1024 })
        {
            return Problems.BadRequest("current_password is required.");
        }

        if (!UsernameRules.IsValidPassword(body.NewPassword))
        {
            return Problems.BadRequest($"new_password must be {UsernameRules.MinPasswordLength} to {UsernameRules.MaxPasswordLength} characters.");
        }

        var userId = principal.GetUserId();
        var guess = await guesses.TryAsync(
            context.Connection.RemoteIpAddress,
            principal.GetUsername(),
            () => users.PreparePasswordChangeAsync(userId, body.CurrentPassword, body.NewPassword!, cancellationToken),
            cancellationToken);
        switch (guess.Outcome)
        {
            case GuessOutcome.Limited:
                return Problems.TooManyRequests(context, guess.RetryAfter, "Too many password attempts; try again later.");
            case GuessOutcome.Busy:
                return Problems.HashingBusy(context);
            case GuessOutcome.Wrong:
                return Refused(userId, context, loggers);
        }

        // The write and the revocation of everything the user holds, as one item of the user's mailbox.
        if (await changes.ChangePasswordAsync(guess.Verified!, principal, cancellationToken) is not { } result)
        {
            // Changed by someone else since it was checked: the password given is not the current one any more.
            return Refused(userId, context, loggers);
        }

        metrics.SignedOut(SignOutKind.PasswordChange, result.Revoked);
        return TypedResults.Ok(new LogoutResponse(result.Revoked, result.AccessTokenValidUntil));
    }

    private static ProblemHttpResult Refused(string userId, HttpContext context, ILoggerFactory loggers)
    {
        UserLog.PasswordChangeRefused(loggers.CreateLogger(typeof(PasswordEndpoints)), userId, context.ClientAddress());
        return TypedResults.Problem("The current password is incorrect.", statusCode: StatusCodes.Status401Unauthorized, title: "Invalid credentials");
    }
}
