using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// A short-lived JWT plus a rotating refresh token in the database (SQLite or PostgreSQL). The access token's <c>sid</c> names its
/// refresh family: logout revokes the family, but the access token lives until its short <c>exp</c>. Everything that changes a
/// user's refresh tokens runs in the user's mailbox, reads included; a refresh token names that mailbox by its tag.
/// </summary>
internal sealed class JwtRefreshStrategy(
    JwtIssuer issuer,
    GenuineAccessTokens accessTokens,
    UserActors actors,
    UserTags tags,
    RefreshRotation rotations,
    DatabaseGuard database,
    IServiceScopeFactory scopes,
    AuthMetrics metrics,
    IOptions<AuthOptions> options,
    TimeProvider time) : IAuthStrategy, IRefreshTokenGrant
{
    // Two tabs presenting one token to this instance at once: one rotation, its answer for both, no grace needed.
    private readonly SingleFlight<IssuedCredentials?> refreshes = new(metrics.RefreshCoalesced);

    public StrategyInfo Info { get; } = new(StrategyNames.JwtRefresh, Revocable: false, NeedsRedis: false, options.Value.EffectiveAccessTokenLifetime);

    public async Task<IssuedCredentials> SignInAsync(AuthUser user, CancellationToken cancellationToken)
    {
        var family = await actors.RunAsync(user.Id, ct => rotations.StartFamilyAsync(user.Id, ct), cancellationToken);
        return Issue(user, family.FamilyId, family.Token, family.ExpiresAt);
    }

    public Task<IssuedCredentials?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (!RefreshTokenCodec.IsWellFormed(refreshToken))
        {
            return Task.FromResult<IssuedCredentials?>(null);
        }

        // The shared rotation is not cancelled with the request that started it: the others wait for it too.
        var hash = RefreshTokenCodec.Hash(refreshToken);
        return refreshes.RunAsync(hash, () => InMailboxAsync(refreshToken, hash, ct => RefreshInMailboxAsync(refreshToken, hash, ct), CancellationToken.None), cancellationToken);
    }

    public async Task<SignOutResult> SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var familyId = principal.GetSessionId();
        var userId = principal.GetUserId();
        var revoked = familyId is not null && await actors.RunAsync(userId, ct => RevokeFamilyAsync(familyId, ct), cancellationToken);
        return new SignOutResult(revoked, principal.GetExpiry());
    }

    public Task<bool> RevokeUserAsync(string userId, CancellationToken cancellationToken) =>
        actors.RunAsync(userId, ct => database.WriteAsync<RefreshTokenStore, bool>(store => store.RevokeUserAsync(userId, Now, ct), ct), cancellationToken);

    /// <summary>Roles are signed into the token: the next one issued (login, refresh) reads them from the account.</summary>
    public Task RolesChangedAsync(AuthUser user, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// RFC 7009: both kinds are searched whatever the hint (§2.1: it only orders the search; the two look nothing alike).
    /// A refresh token revokes its family; a genuine access token cannot be refused before exp here, which §2.2.1 lets
    /// us say (unsupported_token_type); anything else is unknown: 200.
    /// </summary>
    public async Task<TokenRevocationOutcome> RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!RefreshTokenCodec.IsWellFormed(token))
        {
            return await accessTokens.FindAsync(token) is null ? TokenRevocationOutcome.UnknownToken : TokenRevocationOutcome.UnsupportedTokenType;
        }

        var hash = RefreshTokenCodec.Hash(token);
        var revoked = await InMailboxAsync(token, hash, async ct =>
        {
            if (await FindAsync(hash, ct) is not { } row)
            {
                return false;
            }

            await RevokeFamilyAsync(row.Family.Id, ct);
            return true;
        }, cancellationToken);
        return revoked ? TokenRevocationOutcome.Revoked : TokenRevocationOutcome.UnknownToken;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Runs <paramref name="work"/> in the mailbox of the token's user: named by the token's tag, or, for a token issued before
    /// tags, by its user read from the database first (the work reads again inside). An unknown untagged token: default.
    /// </summary>
    private async Task<T?> InMailboxAsync<T>(string token, string hash, Func<CancellationToken, Task<T?>> work, CancellationToken cancellationToken)
    {
        var tag = RefreshTokenCodec.TagOf(token);
        if (tag is null)
        {
            if (await FindAsync(hash, cancellationToken) is not { } row)
            {
                return default;
            }

            tag = tags.For(row.Family.UserId);
        }

        return await actors.RunForTagAsync(tag, work, cancellationToken);
    }

    private async Task<IssuedCredentials?> RefreshInMailboxAsync(string token, string hash, CancellationToken cancellationToken)
    {
        var rotation = await rotations.RotateAsync(token, hash, cancellationToken);
        if (!rotation.Succeeded)
        {
            return null;
        }

        // Re-read the user: a deleted user gets nothing, and roles follow the account as it is now.
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IUserDirectory>().FindByIdAsync(rotation.UserId!, cancellationToken);
        return user is null ? null : Issue(user, rotation.FamilyId!, rotation.RefreshToken!, rotation.RefreshExpiresAt);
    }

    // Database calls go through DatabaseGuard: each in a scope of its own, its wait bounded, so a hung database is a 503.
    private Task<(RefreshTokenRecord Token, RefreshFamily Family)?> FindAsync(string hash, CancellationToken cancellationToken) =>
        database.CallAsync<RefreshTokenStore, (RefreshTokenRecord, RefreshFamily)?>(store => store.FindAsync(hash, cancellationToken), cancellationToken);

    private Task<bool> RevokeFamilyAsync(string familyId, CancellationToken cancellationToken) =>
        database.WriteAsync<RefreshTokenStore, bool>(store => store.RevokeFamilyAsync(familyId, Now, cancellationToken), cancellationToken);

    private IssuedCredentials Issue(AuthUser user, string familyId, string refreshToken, long refreshExpiresAt)
    {
        var jwt = issuer.Issue(user, familyId, Info.AccessTokenLifetime);
        var refreshExpiresIn = DateTimeOffset.FromUnixTimeMilliseconds(refreshExpiresAt) - time.GetUtcNow();
        return new IssuedCredentials(jwt.Token, Info.AccessTokenLifetime, refreshToken, refreshExpiresIn);
    }
}
