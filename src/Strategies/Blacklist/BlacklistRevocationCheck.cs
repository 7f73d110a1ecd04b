using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// The server's hook for <see cref="RevocationCheck"/>, the decision every resource service makes too (AuthServer.Client):
/// a revoked token is refused with the reason, an out-of-sync list under fail-closed is 503.
/// </summary>
internal sealed class BlacklistRevocationCheck(RevocationCheck check) : IAccessTokenRevocationCheck
{
    public ValueTask<string?> CheckAsync(JsonWebToken token, ClaimsPrincipal principal, CancellationToken cancellationToken) =>
        check.Check(token, principal.GetUserId()) switch
        {
            RevocationVerdict.TokenRevoked => new(RevocationCheck.TokenRevokedReason),
            RevocationVerdict.UserRevoked => new(RevocationCheck.UserRevokedReason),
            RevocationVerdict.Unavailable => throw RedisCalls.Unavailable(),
            _ => new((string?)null),
        };
}
