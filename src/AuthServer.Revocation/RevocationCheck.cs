using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Revocation;

/// <summary>What <see cref="RevocationCheck"/> decided about one validated access token.</summary>
internal enum RevocationVerdict
{
    Accepted,

    /// <summary>The token's own id was revoked (logout, RFC 7009).</summary>
    TokenRevoked,

    /// <summary>Issued under a generation its user has left (logout-all, password change, admin revoke).</summary>
    UserRevoked,

    /// <summary>The list is out of sync with Redis under fail-closed: neither yes nor no, so 503.</summary>
    Unavailable,
}

/// <summary>
/// The hot-path decision after every access-token validation, the same on the server and in every resource service:
/// two in-process lookups, no Redis round trip. While the list is out of sync with Redis the failure mode decides:
/// 503, or accept with a logged warning.
/// </summary>
internal sealed class RevocationCheck(RevocationList list, IOptions<RevocationListOptions> options, ILogger<RevocationCheck> logger)
{
    /// <summary>The claim carrying the user's generation when the token was issued.</summary>
    public const string GenerationClaim = "gen";

    public const string TokenRevokedReason = "the token has been revoked";
    public const string UserRevokedReason = "the token was revoked by a logout of every session or by an administrator";

    private readonly bool failOpen = options.Value.FailOpen;
    private int warnedEpoch = -1;

    /// <param name="token">A token whose signature, issuer, audience and lifetime were already checked.</param>
    /// <param name="userId">Its subject.</param>
    public RevocationVerdict Check(JsonWebToken token, string? userId)
    {
        // Known revocations are refused even while out of sync.
        if (list.IsTokenRevoked(token.Id))
        {
            return RevocationVerdict.TokenRevoked;
        }

        // The generation claim is read only for users who have one in force: most requests stop at one lookup.
        if (userId is not null && list.GenerationFor(userId) is { } current && IssuedGeneration(token) < current)
        {
            return RevocationVerdict.UserRevoked;
        }

        if (list.InSync)
        {
            return RevocationVerdict.Accepted;
        }

        if (!failOpen)
        {
            return RevocationVerdict.Unavailable;
        }

        // One warning per outage, not one per request.
        var epoch = list.SyncEpoch;
        if (Interlocked.Exchange(ref warnedEpoch, epoch) != epoch)
        {
            RevocationLog.FailingOpen(logger);
        }

        return RevocationVerdict.Accepted;
    }

    /// <summary>The token's <c>gen</c> claim; a token without one predates every logout-all of its user.</summary>
    internal static long IssuedGeneration(JsonWebToken token) =>
        token.TryGetPayloadValue<long>(GenerationClaim, out var issued) ? issued : 0;
}
