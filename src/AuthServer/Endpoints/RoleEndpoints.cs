using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Telemetry;
using AuthServer.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AuthServer.Endpoints;

/// <summary>
/// <c>PUT</c>/<c>DELETE /admin/users/{username}/roles/admin</c>: roles live on the account and change only here. A removal
/// also revokes what the user holds (as <c>/revoke</c>), so no credential outlives the role it was issued with.
/// </summary>
internal static class RoleEndpoints
{
    public static RouteGroupBuilder MapRoleEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapPut("/users/{username}/roles/admin", GrantAdminAsync).WithSummary("Give an account the admin role (admin role; idempotent).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        admin.MapDelete("/users/{username}/roles/admin", RemoveAdminAsync)
            .WithSummary("Take the admin role from an account and revoke everything it holds (admin role; idempotent).")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return admin;
    }

    public static Task<Results<Ok<AccountRolesResponse>, ProblemHttpResult>> GrantAdminAsync(
        string username, ClaimsPrincipal admin, RoleAssignments roles, IAuthStrategy strategy, AuthMetrics metrics, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        SetAsync(username, held: true, admin, roles, strategy, metrics, loggers, cancellationToken);

    public static Task<Results<Ok<AccountRolesResponse>, ProblemHttpResult>> RemoveAdminAsync(
        string username, ClaimsPrincipal admin, RoleAssignments roles, IAuthStrategy strategy, AuthMetrics metrics, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        SetAsync(username, held: false, admin, roles, strategy, metrics, loggers, cancellationToken);

    private static async Task<Results<Ok<AccountRolesResponse>, ProblemHttpResult>> SetAsync(
        string username, bool held, ClaimsPrincipal admin, RoleAssignments roles, IAuthStrategy strategy, AuthMetrics metrics, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var user = UsernameRules.IsValidUsername(username)
            ? await roles.SetAsync(username, AccountRoles.Admin, held, admin.GetUserId(), cancellationToken)
            : null;
        if (user is null)
        {
            return Problems.NotFound("No user has that username.");
        }

        if (!held)
        {
            // Idempotent too: a repeated removal revokes again, which is what an admin retrying it wants.
            var revoked = await strategy.RevokeUserAsync(user.Id, cancellationToken);
            metrics.SignedOut(SignOutKind.AdminRevocation, revoked);
            UserLog.AdminRevoked(loggers.CreateLogger(typeof(RoleEndpoints)), admin.GetUserId(), user.Id);
        }

        // After the revocation: a session created meanwhile (a login that read the old roles) is corrected too.
        await strategy.RolesChangedAsync(user, cancellationToken);
        return TypedResults.Ok(new AccountRolesResponse(user.Username, user.Roles));
    }
}
