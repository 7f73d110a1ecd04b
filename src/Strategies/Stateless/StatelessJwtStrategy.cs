using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Stateless;

/// <summary>A signed JWT and nothing else: the server keeps no state, so nothing can be taken back before <c>exp</c>.</summary>
internal sealed class StatelessJwtStrategy(JwtIssuer issuer, GenuineAccessTokens accessTokens, IOptions<AuthOptions> options) : IAuthStrategy
{
    public StrategyInfo Info { get; } = new(StrategyNames.StatelessJwt, Revocable: false, NeedsRedis: false, options.Value.EffectiveAccessTokenLifetime);

    public Task<IssuedCredentials> SignInAsync(AuthUser user, CancellationToken cancellationToken)
    {
        // The sid names the sign-in; nothing records it, it only lets a reader tell tokens apart.
        var jwt = issuer.Issue(user, Base64UrlEncoder.Encode(Guid.NewGuid().ToByteArray()), Info.AccessTokenLifetime);
        return Task.FromResult(new IssuedCredentials(jwt.Token, Info.AccessTokenLifetime));
    }

    public Task<SignOutResult> SignOutAsync(ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        Task.FromResult(new SignOutResult(false, principal.GetExpiry()));

    public Task<bool> RevokeUserAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(false);

    /// <summary>Roles are signed into the token: the next one issued (login) reads them from the account.</summary>
    public Task RolesChangedAsync(AuthUser user, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>RFC 7009: a genuine access token cannot be revoked here (§2.2.1 unsupported_token_type); anything else is unknown (200).</summary>
    public async Task<TokenRevocationOutcome> RevokeTokenAsync(string token, CancellationToken cancellationToken) =>
        await accessTokens.FindAsync(token) is null ? TokenRevocationOutcome.UnknownToken : TokenRevocationOutcome.UnsupportedTokenType;
}
