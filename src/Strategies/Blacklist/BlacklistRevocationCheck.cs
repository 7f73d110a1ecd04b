using System.Security.Claims;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// The hot-path check after every access-token validation: two in-process lookups, no Redis round trip. While the list
/// is out of sync with Redis, <c>Auth:RedisFailureMode</c> decides: 503, or accept with a logged warning.
/// </summary>
internal sealed class BlacklistRevocationCheck(RevocationList list, IOptions<AuthOptions> auth, ILogger<BlacklistRevocationCheck> logger) : IAccessTokenRevocationCheck
{
    private const string TokenRevoked = "the token has been revoked";
    private const string UserRevoked = "the token was revoked by a logout of every session or by an administrator";

    private readonly bool failOpen = auth.Value.RedisFailureMode == RedisFailureModes.FailOpen;
    private int warnedEpoch = -1;

    public ValueTask<string?> CheckAsync(JsonWebToken token, ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        // Known revocations are refused even while out of sync.
        if (list.IsTokenRevoked(token.Id))
        {
            return new(TokenRevoked);
        }

        // The generation claim is read only for users who have one in force: most requests stop at one lookup.
        if (list.GenerationFor(principal.GetUserId()) is { } current && IssuedGeneration(token) < current)
        {
            return new(UserRevoked);
        }

        if (list.InSync)
        {
            return new((string?)null);
        }

        if (!failOpen)
        {
            throw RedisCalls.Unavailable();
        }

        // One warning per outage, not one per request.
        var epoch = list.SyncEpoch;
        if (Interlocked.Exchange(ref warnedEpoch, epoch) != epoch)
        {
            BlacklistLog.FailingOpen(logger);
        }

        return new((string?)null);
    }

    /// <summary>The token's <c>gen</c> claim; a token without one predates every logout-all of its user.</summary>
    internal static long IssuedGeneration(JsonWebToken token) =>
        token.TryGetPayloadValue<long>(AccessTokenClaims.Generation, out var issued) ? issued : 0;
}
