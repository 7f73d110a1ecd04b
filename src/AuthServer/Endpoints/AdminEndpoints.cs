using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Telemetry;
using AuthServer.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Endpoints;

/// <summary><c>/admin/users/{username}/revoke</c>: takes back everything a user holds, as far as the strategy can; the role endpoints share the group.</summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Admin").RequireAuthorization(UserSetup.AdminPolicy);
        group.MapPost("/users/{username}/revoke", RevokeUserAsync).WithSummary("Revoke everything a user holds (admin role).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group.MapRoleEndpoints();
    }

    public static async Task<Results<Ok<AdminRevokeResponse>, ProblemHttpResult>> RevokeUserAsync(
        string username, ClaimsPrincipal admin, UserService users, IAuthStrategy strategy, AuthMetrics metrics, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = UsernameRules.IsValidUsername(username) ? await users.FindByUsernameAsync(username, cancellationToken) : null;
        if (user is null)
        {
            return Problems.NotFound("No user has that username.");
        }

        var revoked = await strategy.RevokeUserAsync(user.Id, cancellationToken);
        metrics.SignedOut(SignOutKind.AdminRevocation, revoked);
        UserLog.AdminRevoked(loggers.CreateLogger(typeof(AdminEndpoints)), admin.GetUserId(), user.Id);
        return TypedResults.Ok(new AdminRevokeResponse(user.Username, revoked));
    }
}
