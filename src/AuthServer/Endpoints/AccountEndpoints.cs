using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Telemetry;
using AuthServer.Throttling;
using AuthServer.Users;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AuthServer.Endpoints;

/// <summary><c>/auth/register</c> and <c>/auth/login</c>.</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Accounts").AllowAnonymous();
        group.MapPost("/register", RegisterAsync).WithSummary("Create an account.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/login", LoginAsync).WithSummary("Log in: the running strategy hands out its credential.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static async Task<Results<Created<RegisteredUser>, ProblemHttpResult>> RegisterAsync(
        [FromBody] CredentialsRequest? body,
        HttpContext context,
        UserService users,
        LoginThrottle throttle,
        PasswordHashGate hashGate,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (!UsernameRules.IsValidUsername(body?.Username))
        {
            return Problems.BadRequest("username must be 3 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'.");
        }

        if (!UsernameRules.IsValidPassword(body!.Password))
        {
            return Problems.BadRequest($"password must be {UsernameRules.MinPasswordLength} to {UsernameRules.MaxPasswordLength} characters.");
        }

        var address = context.Connection.RemoteIpAddress;
        if (await throttle.CheckRegistrationAsync(address) is { } limited)
        {
            return RegistrationLimited(context, limited, loggers);
        }

        using var hashing = await hashGate.EnterAsync(cancellationToken);
        if (hashing is null)
        {
            return Problems.HashingBusy(context);
        }

        if (await throttle.TryCountRegistrationAsync(address) is { } raced)
        {
            return RegistrationLimited(context, raced, loggers);
        }

        var user = await users.RegisterAsync(body.Username!, body.Password!, cancellationToken);
        return user is null
            ? Problems.Conflict("That username is taken.")
            : TypedResults.Created($"/admin/users/{user.Username}", new RegisteredUser(user.Id, user.Username));
    }

    public static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> LoginAsync(
        [FromBody] CredentialsRequest? body,
        HttpContext context,
        UserService users,
        PasswordGuesses guesses,
        CredentialChanges changes,
        IAuthStrategy strategy,
        AuthMetrics metrics,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        if (body is not { Username.Length: > 0, Password.Length: > 0 } || body.Username.Length > 256 || body.Password.Length > 1024)
        {
            metrics.LoginAttempted(LoginResult.InvalidRequest);
            return Problems.BadRequest("username and password are required.");
        }

        var logger = loggers.CreateLogger(typeof(AccountEndpoints));
        var client = context.ClientAddress();
        var guess = await guesses.TryAsync(context.Connection.RemoteIpAddress, body.Username, () => users.VerifyAsync(body.Username, body.Password, cancellationToken), cancellationToken);
        switch (guess.Outcome)
        {
            case GuessOutcome.Limited:
                metrics.LoginAttempted(LoginResult.RateLimited);
                UserLog.LoginRateLimited(logger, client);
                return Problems.TooManyRequests(context, guess.RetryAfter, "Too many login attempts; try again later.");
            case GuessOutcome.Busy:
                metrics.LoginAttempted(LoginResult.Shed);
                return Problems.HashingBusy(context);
            case GuessOutcome.Wrong:
                metrics.LoginAttempted(LoginResult.BadCredentials);
                UserLog.LoginFailed(logger, client);
                return Problems.BadCredentials();
        }

        var user = guess.Verified!.User;
        if (await changes.SignInAsync(guess.Verified, cancellationToken) is not { } credentials)
        {
            // The password was changed between its check and the sign-in: it is no longer this user's password.
            metrics.LoginAttempted(LoginResult.BadCredentials);
            UserLog.LoginOutdated(logger, user.Id);
            return Problems.BadCredentials();
        }

        metrics.LoginAttempted(LoginResult.Success);
        UserLog.LoginSucceeded(logger, user.Id);
        TokenResponses.NeverCache(context);
        return TypedResults.Ok(TokenResponses.From(credentials, strategy.Info));
    }

    private static ProblemHttpResult RegistrationLimited(HttpContext context, TimeSpan retryAfter, ILoggerFactory loggers)
    {
        ThrottleLog.RegistrationRateLimited(loggers.CreateLogger(typeof(AccountEndpoints)), context.ClientAddress());
        return Problems.TooManyRequests(context, retryAfter, "Too many registrations from this address; try again later.");
    }
}
