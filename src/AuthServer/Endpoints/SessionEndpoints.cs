using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Endpoints;

/// <summary><c>/auth/logout</c> and <c>/auth/logout-all</c>: what they revoke is the strategy's promise.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Sessions").RequireAuthorization();
        group.MapPost("/logout", LogoutAsync);
        group.MapPost("/logout-all", LogoutAllAsync);
        return group;
    }

    public static async Task<Ok<LogoutResponse>> LogoutAsync(
        ClaimsPrincipal user, IAuthStrategy strategy, ILogger<LogoutResponse> logger, CancellationToken cancellationToken)
    {
        var result = await strategy.SignOutAsync(user, cancellationToken);
        var userId = user.GetUserId();
        SessionLog.SignedOut(logger, userId, everywhere: false, result.Revoked);
        return TypedResults.Ok(new LogoutResponse(result.Revoked, result.AccessTokenValidUntil));
    }

    public static async Task<Ok<LogoutResponse>> LogoutAllAsync(
        ClaimsPrincipal user, IAuthStrategy strategy, ILogger<LogoutResponse> logger, CancellationToken cancellationToken)
    {
        var result = await strategy.SignOutEverywhereAsync(user, cancellationToken);
        var userId = user.GetUserId();
        SessionLog.SignedOut(logger, userId, everywhere: true, result.Revoked);
        return TypedResults.Ok(new LogoutResponse(result.Revoked, result.AccessTokenValidUntil));
    }
}
