using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// A short-lived JWT plus a rotating refresh token in the database (SQLite or PostgreSQL). The access token's <c>sid</c> names its
/// refresh family: logout revokes the family, but the access token lives until its short <c>exp</c>.
/// </summary>
internal sealed class JwtRefreshStrategy(
    JwtIssuer issuer,
    GenuineAccessTokens accessTokens,
    UserActors actors,
    DatabaseGuard database,
    IServiceScopeFactory scopes,
    IOptions<AuthOptions> options,
    TimeProvider time) : IAuthStrategy, IRefreshTokenGrant
{
    public StrategyInfo Info { get; } = new(StrategyNames.JwtRefresh, Revocable: false, NeedsRedis: false, options.Value.EffectiveAccessTokenLifetime);

    public async Task<IssuedCredentials> SignInAsync(AuthUser user, CancellationToken cancellationToken)
    {
        var family = await actors.RunScopedAsync(user.Id, (services, ct) => services.GetRequiredService<RefreshRotation>().StartFamilyAsync(user.Id, ct), cancellationToken);
        return Issue(user, family.FamilyId, family.Token, family.ExpiresAt);
    }

    public async Task<IssuedCredentials?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        if (!RefreshTokenCodec.IsWellFormed(refreshToken))
        {
            return null;
        }

        // Read once to find the user's mailbox; the rotation inside it reuses the row (its write is conditional).
        var read = await FindAsync(refreshToken, cancellationToken);
        if (read is not { } row)
        {
            return null;
        }

        var userId = row.Family.UserId;
        var rotation = await actors.RunScopedAsync(userId, (services, ct) => services.GetRequiredService<RefreshRotation>().RotateAsync(refreshToken, row, ct), cancellationToken);
        if (!rotation.Succeeded)
        {
            return null;
        }

        // Re-read the user: a deleted user gets nothing, and roles follow the current configuration.
        await using var scope = scopes.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<IUserDirectory>().FindByIdAsync(userId, cancellationToken);
        return user is null ? null : Issue(user, rotation.FamilyId!, rotation.RefreshToken!, rotation.RefreshExpiresAt);
    }

    public async Task<SignOutResult> SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var familyId = principal.GetSessionId();
        var userId = principal.GetUserId();
        var revoked = familyId is not null && await actors.RunAsync(userId, ct => RevokeFamilyAsync(familyId, ct), cancellationToken);
        return new SignOutResult(revoked, principal.GetExpiry());
    }

    public Task<bool> RevokeUserAsync(string userId, CancellationToken cancellationToken) =>
        actors.RunAsync(userId, ct => database.CallAsync<RefreshTokenStore, bool>(store => store.RevokeUserAsync(userId, Now, ct), ct), cancellationToken);

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

        var found = await FindAsync(token, cancellationToken);
        if (found is not { } row)
        {
            return TokenRevocationOutcome.UnknownToken;
        }

        await actors.RunAsync(row.Family.UserId, ct => RevokeFamilyAsync(row.Family.Id, ct), cancellationToken);
        return TokenRevocationOutcome.Revoked;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    // Database calls go through DatabaseGuard: each in a scope of its own, its wait bounded, so a hung database is a 503.
    private Task<(RefreshTokenRecord Token, RefreshFamily Family)?> FindAsync(string token, CancellationToken cancellationToken) =>
        database.CallAsync<RefreshTokenStore, (RefreshTokenRecord, RefreshFamily)?>(store => store.FindAsync(RefreshTokenCodec.Hash(token), cancellationToken), cancellationToken);

    private Task<bool> RevokeFamilyAsync(string familyId, CancellationToken cancellationToken) =>
        database.CallAsync<RefreshTokenStore, bool>(store => store.RevokeFamilyAsync(familyId, Now, cancellationToken), cancellationToken);

    private IssuedCredentials Issue(AuthUser user, string familyId, string refreshToken, long refreshExpiresAt)
    {
        var jwt = issuer.Issue(user, familyId, Info.AccessTokenLifetime);
        var refreshExpiresIn = DateTimeOffset.FromUnixTimeMilliseconds(refreshExpiresAt) - time.GetUtcNow();
        return new IssuedCredentials(jwt.Token, Info.AccessTokenLifetime, refreshToken, refreshExpiresIn);
    }
}
