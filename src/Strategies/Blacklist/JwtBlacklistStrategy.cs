using System.Security.Claims;
using System.Security.Cryptography;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Actors;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// JWTs with a <c>jti</c> that can be refused before <c>exp</c>: logout revokes the token's id, logout-all and admin
/// revoke record a per-user cutoff, and every instance hears of both at once through Redis pub/sub.
/// </summary>
internal sealed class JwtBlacklistStrategy(
    JwtIssuer issuer,
    RevocationStore store,
    UserActors actors,
    GenuineAccessTokens accessTokens,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<JwtBlacklistStrategy> logger) : IAuthStrategy
{
    public StrategyInfo Info { get; } = new(StrategyNames.JwtBlacklist, Revocable: true, NeedsRedis: true, options.Value.EffectiveAccessTokenLifetime);

    // In the user's mailbox: a logout-all and a login of this instance are ordered; across instances Redis orders them.
    public Task<IssuedCredentials> SignInAsync(AuthUser user, CancellationToken cancellationToken) =>
        actors.RunAsync(user.Id, async _ => Issue(user, await store.CurrentGenerationAsync(user.Id)), cancellationToken);

    public async Task<SignOutResult> SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var tokenId = principal.FindFirstValue(AccessTokenClaims.TokenId);
        var expiresAt = principal.GetExpiry().ToUnixTimeSeconds();
        if (tokenId is null)
        {
            // Every token this server issues has a jti; one without cannot be named, so refuse all of the user's.
            return new SignOutResult(await RevokeUserAsync(principal.GetUserId(), cancellationToken), time.GetUtcNow());
        }

        await actors.RunAsync(principal.GetUserId(), _ => Revoke(tokenId, expiresAt), cancellationToken);
        return new SignOutResult(true, time.GetUtcNow());
    }

    public async Task<bool> RevokeUserAsync(string userId, CancellationToken cancellationToken)
    {
        var generation = await actors.RunAsync(userId, _ => store.RevokeUserAsync(userId), cancellationToken);
        BlacklistLog.UserRevoked(logger, userId, generation);
        return true;
    }

    /// <summary>Roles are signed into the token: the next one issued (login) reads them from the account.</summary>
    public Task RolesChangedAsync(AuthUser user, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>RFC 7009: a genuine, unexpired access token is revoked; anything else is unknown (still 200, §2.2).</summary>
    public async Task<TokenRevocationOutcome> RevokeTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (await accessTokens.FindAsync(token) is not { Id.Length: > 0 } jwt)
        {
            return TokenRevocationOutcome.UnknownToken;
        }

        var expiresAt = (long)(jwt.ValidTo - DateTime.UnixEpoch).TotalSeconds;
        await actors.RunAsync(jwt.Subject ?? string.Empty, _ => Revoke(jwt.Id, expiresAt), cancellationToken);
        return TokenRevocationOutcome.Revoked;
    }

    private async Task<bool> Revoke(string tokenId, long expiresAt)
    {
        await store.RevokeTokenAsync(tokenId, expiresAt);
        return true;
    }

    private IssuedCredentials Issue(AuthUser user, long generation)
    {
        var scope = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        var jwt = issuer.Issue(user, scope, Info.AccessTokenLifetime, generation);
        return new IssuedCredentials(jwt.Token, Info.AccessTokenLifetime);
    }
}
