using System.Security.Claims;

namespace AuthServer.Strategies.Abstractions;

/// <summary>
/// The one seam between the host and a way of answering "who are you?".
/// The host never asks which strategy runs; it asks the strategy to do things. What only some strategies can do is a
/// capability of its own (<see cref="IRefreshTokenGrant"/>), registered by those that have it.
/// Methods throw <see cref="StoreUnavailableException"/> when a store they need is down.
/// </summary>
public interface IAuthStrategy
{
    /// <summary>What this strategy promises (served by <c>GET /auth/strategy</c>).</summary>
    StrategyInfo Info { get; }

    /// <summary>Hands a credential to a user whose password the host has verified.</summary>
    Task<IssuedCredentials> SignInAsync(AuthUser user, CancellationToken cancellationToken);

    /// <summary>Ends the session the authenticated principal's credential belongs to.</summary>
    Task<SignOutResult> SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken);

    /// <summary>Revokes everything a user holds (logout-all, admin action); true when anything was revoked.</summary>
    Task<bool> RevokeUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// The account's roles changed (already written): credentials the server holds state for carry the new roles from the
    /// next request. Signed tokens cannot be changed: their next issue (login, refresh) reads the account.
    /// </summary>
    Task RolesChangedAsync(AuthUser user, CancellationToken cancellationToken);

    /// <summary>
    /// RFC 7009 token revocation. Every kind of token the strategy knows is searched, so no <c>token_type_hint</c> is
    /// needed (§2.1: the hint only orders the search, and the kinds here look nothing alike).
    /// </summary>
    Task<TokenRevocationOutcome> RevokeTokenAsync(string token, CancellationToken cancellationToken);
}
