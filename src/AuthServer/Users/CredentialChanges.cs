using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;

namespace AuthServer.Users;

/// <summary>
/// What the host changes in one user's credentials, each change one item of the user's mailbox (<see cref="UserActors"/>),
/// so that inside this process a sign-in, a password change and a logout-all of one user never interleave, whatever the
/// strategy. Password hashing stays outside (it is slow, and the user's other work would queue behind it): what runs inside
/// is the part that must not be overtaken. The strategy's own mailbox work runs inline in the same item.
/// </summary>
internal sealed class CredentialChanges(UserActors actors, UserService users, IAuthStrategy strategy, TimeProvider time)
{
    /// <summary>
    /// Signs in a user whose password was verified, if it is still their password: a password change that ran since wins and
    /// the sign-in is refused (null). The roles are the account's as it is now.
    /// </summary>
    public Task<IssuedCredentials?> SignInAsync(VerifiedPassword verified, CancellationToken cancellationToken) =>
        actors.RunAsync<IssuedCredentials?>(
            verified.User.Id,
            async ct => await users.FindIfPasswordUnchangedAsync(verified, ct) is { } current ? await strategy.SignInAsync(current, ct) : null,
            cancellationToken);

    /// <summary>
    /// Writes the new password and revokes every credential of the user as logout-all does, in one item: no sign-in of this
    /// instance lands between the two. Null when the password changed since it was checked (that change won).
    /// </summary>
    public Task<SignOutResult?> ChangePasswordAsync(PasswordChange change, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        actors.RunAsync<SignOutResult?>(change.User.Id, async _ =>
        {
            // Once started, to the end whatever becomes of the request: a changed password is never left unrevoked.
            if (!await users.TryChangePasswordAsync(change, CancellationToken.None))
            {
                return null;
            }

            return await SignOutEverywhereAsync(principal, CancellationToken.None);
        }, cancellationToken);

    /// <summary>Logout-all: the strategy revokes (in the user's mailbox); the host says until when the access credential works.</summary>
    public async Task<SignOutResult> SignOutEverywhereAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var revoked = await strategy.RevokeUserAsync(principal.GetUserId(), cancellationToken);
        // A revocable strategy refuses the credential from now on; the others' lives until its exp (the contract's table).
        return new SignOutResult(revoked, strategy.Info.Revocable ? time.GetUtcNow() : principal.GetExpiry());
    }
}
