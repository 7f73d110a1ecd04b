using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Sessions;

/// <summary>
/// An opaque session id whose state lives in Redis: every request reads it, so logout, logout-all and admin revoke
/// take effect at once on every instance, and nobody can sign in or be authenticated while Redis is away.
/// </summary>
internal sealed class RedisSessionStrategy(
    SessionStore store,
    UserTags tags,
    UserActors actors,
    IOptionsMonitor<SessionAuthenticationOptions> sessionOptions,
    TimeProvider time) : IAuthStrategy
{
    // The lifetimes are read where the handler reads them (the scheme's options), so the two never disagree.
    private readonly SessionAuthenticationOptions lifetimes = sessionOptions.Get(SessionAuthenticationDefaults.AuthenticationScheme);

    public StrategyInfo Info { get; } = new(StrategyNames.RedisSession, Revocable: true, NeedsRedis: true, sessionOptions.Get(SessionAuthenticationDefaults.AuthenticationScheme).IdleTimeout);

    public async Task<IssuedCredentials> SignInAsync(AuthUser user, CancellationToken cancellationToken)
    {
        var id = SessionIds.New(tags.For(user.Id));
        var now = time.GetUtcNow();
        var session = new SessionRecord(user.Id, user.Username, user.Roles, now.ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds());
        await actors.RunAsync(
            user.Id,
            _ => store.CreateAsync(SessionKey.Of(id), session, lifetimes.TimeToLive(session, now), lifetimes.AbsoluteTimeout),
            cancellationToken);
        return new IssuedCredentials(id, lifetimes.IdleTimeout);
    }

    public async Task<SignOutResult> SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        var hash = principal.GetSessionId();
        var revoked = hash is not null && await actors.RunAsync(userId, _ => store.DeleteAsync(new SessionKey(tags.For(userId), hash), userId), cancellationToken);
        return new SignOutResult(revoked, time.GetUtcNow());
    }

    public async Task<bool> RevokeUserAsync(string userId, CancellationToken cancellationToken) =>
        await actors.RunAsync(userId, _ => store.DeleteAllAsync(tags.For(userId), userId), cancellationToken) > 0;

    /// <summary>Roles are not frozen at login: every live session of the user carries the account's new roles at once.</summary>
    public Task RolesChangedAsync(AuthUser user, CancellationToken cancellationToken) =>
        actors.RunAsync(user.Id, _ => store.SetRolesAsync(tags.For(user.Id), user.Id, user.Roles), cancellationToken);

    /// <summary>RFC 7009: a live session id is ended; anything else is unknown (still 200, §2.2).</summary>
    public async Task<TokenRevocationOutcome> RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!SessionIds.IsWellFormed(token))
        {
            return TokenRevocationOutcome.UnknownToken;
        }

        // The id carries its user's tag, so the lookup runs in the user's mailbox too: nothing of this instance comes between.
        var key = SessionKey.Of(token);
        var deleted = await actors.RunForTagAsync(
            key.Tag,
            async _ => await store.FindUserIdAsync(key) is { } userId && await store.DeleteAsync(key, userId),
            cancellationToken);
        return deleted ? TokenRevocationOutcome.Revoked : TokenRevocationOutcome.UnknownToken;
    }
}
