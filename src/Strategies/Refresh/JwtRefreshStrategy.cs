using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Refresh;

/// <summary>
/// A short-lived JWT plus a rotating refresh token in the database (SQLite or PostgreSQL). The access token's <c>sid</c> names its
/// refresh family: logout revokes the family, but the access token lives until its short <c>exp</c>.
/// </summary>
internal sealed class JwtRefreshStrategy(
    JwtIssuer issuer,
    UserActors actors,
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

        await using var scope = scopes.CreateAsyncScope();
        // Read once to find the user's mailbox; the rotation inside it reuses the row (its write is conditional).
        var read = await scope.ServiceProvider.GetRequiredService<RefreshTokenStore>().FindAsync(RefreshTokenCodec.Hash(refreshToken), cancellationToken);
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
        var user = await scope.ServiceProvider.GetRequiredService<IUserDirectory>().FindByIdAsync(userId, cancellationToken);
        return user is null ? null : Issue(user, rotation.FamilyId!, rotation.RefreshToken!, rotation.RefreshExpiresAt);
    }

    public async Task<SignOutResult> SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var familyId = principal.GetSessionId();
        var userId = principal.GetUserId();
        var revoked = familyId is not null && await actors.RunScopedAsync(userId, (services, ct) => RevokeFamilyAsync(services, familyId, ct), cancellationToken);
        return new SignOutResult(revoked, principal.GetExpiry());
    }

    public Task<bool> RevokeUserAsync(string userId, CancellationToken cancellationToken) =>
        actors.RunScopedAsync(userId, (services, ct) => services.GetRequiredService<RefreshTokenStore>().RevokeUserAsync(userId, Now, ct), cancellationToken);

    public async Task<TokenRevocationOutcome> RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!RefreshTokenCodec.IsWellFormed(token))
        {
            // An access token cannot be refused before exp here; RFC 7009 §2.2.1 lets us say so.
            return LooksLikeJwt(token) ? TokenRevocationOutcome.UnsupportedTokenType : TokenRevocationOutcome.UnknownToken;
        }

        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<RefreshTokenStore>();
        var found = await store.FindAsync(RefreshTokenCodec.Hash(token), cancellationToken);
        if (found is not { } row)
        {
            return TokenRevocationOutcome.UnknownToken;
        }

        await actors.RunScopedAsync(row.Family.UserId, (services, ct) => RevokeFamilyAsync(services, row.Family.Id, ct), cancellationToken);
        return TokenRevocationOutcome.Revoked;
    }

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private Task<bool> RevokeFamilyAsync(IServiceProvider services, string familyId, CancellationToken cancellationToken) =>
        services.GetRequiredService<RefreshTokenStore>().RevokeFamilyAsync(familyId, Now, cancellationToken);

    private IssuedCredentials Issue(AuthUser user, string familyId, string refreshToken, long refreshExpiresAt)
    {
        var jwt = issuer.Issue(user, familyId, Info.AccessTokenLifetime);
        var refreshExpiresIn = DateTimeOffset.FromUnixTimeMilliseconds(refreshExpiresAt) - time.GetUtcNow();
        return new IssuedCredentials(jwt.Token, Info.AccessTokenLifetime, refreshToken, refreshExpiresIn);
    }

    private static bool LooksLikeJwt(string token) => new JsonWebTokenHandler().CanReadToken(token);
}
