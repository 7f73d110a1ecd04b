using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Endpoints;

/// <summary><c>/admin/users/{username}/revoke</c>: takes back everything a user holds, as far as the strategy can.</summary>
internal static class AdminEndpoints
{
    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").WithTags("Admin").RequireAuthorization(UserSetup.AdminPolicy);
        group.MapPost("/users/{username}/revoke", RevokeUserAsync);
        return group;
    }

    public static async Task<Results<Ok<AdminRevokeResponse>, ProblemHttpResult>> RevokeUserAsync(
        string username, ClaimsPrincipal admin, UserService users, IAuthStrategy strategy, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = UsernameRules.IsValidUsername(username) ? await users.FindByUsernameAsync(username, cancellationToken) : null;
        if (user is null)
        {
            return Problems.NotFound("No user has that username.");
        }

        var revoked = await strategy.RevokeUserAsync(user.Id, cancellationToken);
        UserLog.AdminRevoked(loggers.CreateLogger(typeof(AdminEndpoints)), admin.GetUserId(), user.Id);
        return TypedResults.Ok(new AdminRevokeResponse(user.Username, revoked));
    }
}
