using System.Security.Claims;
using AuthServer.Strategies.Abstractions;

namespace AuthServer.Endpoints;

/// <summary>Logout-all (and, with it, a password change): the strategy revokes, the host says until when the access credential works.</summary>
internal static class SignOutEverywhere
{
    public static async Task<SignOutResult> SignOutEverywhereAsync(this IAuthStrategy strategy, ClaimsPrincipal principal, TimeProvider time, CancellationToken cancellationToken)
    {
        var revoked = await strategy.RevokeUserAsync(principal.GetUserId(), cancellationToken);
        // A revocable strategy refuses the credential from now on; the others' lives until its exp (the contract's table).
        return new SignOutResult(revoked, strategy.Info.Revocable ? time.GetUtcNow() : principal.GetExpiry());
    }
}
