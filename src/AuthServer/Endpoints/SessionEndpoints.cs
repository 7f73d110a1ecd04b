using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Telemetry;
using AuthServer.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Endpoints;

/// <summary><c>/auth/logout</c> and <c>/auth/logout-all</c>: what they revoke is the strategy's promise.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Sessions").RequireAuthorization();
        group.MapPost("/logout", LogoutAsync).WithSummary("End this session, as far as the strategy can.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/logout-all", LogoutAllAsync).WithSummary("End every session of the user, as far as the strategy can.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    public static async Task<Ok<LogoutResponse>> LogoutAsync(
        ClaimsPrincipal user, IAuthStrategy strategy, AuthMetrics metrics, ILogger<LogoutResponse> logger, CancellationToken cancellationToken)
    {
        var result = await strategy.SignOutAsync(user, cancellationToken);
        metrics.SignedOut(SignOutKind.Logout, result.Revoked);
        var userId = user.GetUserId();
        SessionLog.SignedOut(logger, userId, everywhere: false, result.Revoked);
        return TypedResults.Ok(new LogoutResponse(result.Revoked, result.AccessTokenValidUntil));
    }

    public static async Task<Ok<LogoutResponse>> LogoutAllAsync(
        ClaimsPrincipal user, CredentialChanges changes, AuthMetrics metrics, ILogger<LogoutResponse> logger, CancellationToken cancellationToken)
    {
        var result = await changes.SignOutEverywhereAsync(user, cancellationToken);
        metrics.SignedOut(SignOutKind.LogoutAll, result.Revoked);
        var userId = user.GetUserId();
        SessionLog.SignedOut(logger, userId, everywhere: true, result.Revoked);
        return TypedResults.Ok(new LogoutResponse(result.Revoked, result.AccessTokenValidUntil));
    }
}
