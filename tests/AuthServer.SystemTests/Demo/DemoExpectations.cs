using AuthServer.Strategies.Options;

namespace AuthServer.SystemTests.Demo;

/// <summary>What the demo must show under each strategy, straight from CONTRACT.md's promises table.</summary>
/// <param name="Jwt">The access credential is a JWT the page decodes (else an opaque session id).</param>
/// <param name="RefreshTokens">The page offers refresh and replay.</param>
/// <param name="ProfileAfterLogout">/profile with the same credential after logout (and after logout-all).</param>
/// <param name="RevokeStatus">RFC 7009 revocation of the access token.</param>
/// <param name="ProfileAfterRevoke">/profile with the same credential after that revocation.</param>
internal sealed record DemoExpectations(bool Jwt, bool RefreshTokens, int ProfileAfterLogout, int RevokeStatus, int ProfileAfterRevoke)
{
    public static IReadOnlyDictionary<string, DemoExpectations> ByStrategy { get; } = new Dictionary<string, DemoExpectations>
    {
        // Nothing can be taken back: the token works until exp, revocation is unsupported.
        [StrategyNames.StatelessJwt] = new(Jwt: true, RefreshTokens: false, ProfileAfterLogout: 200, RevokeStatus: 400, ProfileAfterRevoke: 200),
        // The refresh family dies at once; the short JWT lives until its exp.
        [StrategyNames.JwtRefresh] = new(Jwt: true, RefreshTokens: true, ProfileAfterLogout: 200, RevokeStatus: 400, ProfileAfterRevoke: 200),
        // Refused at once after any of the three.
        [StrategyNames.JwtBlacklist] = new(Jwt: true, RefreshTokens: false, ProfileAfterLogout: 401, RevokeStatus: 200, ProfileAfterRevoke: 401),
        [StrategyNames.RedisSession] = new(Jwt: false, RefreshTokens: false, ProfileAfterLogout: 401, RevokeStatus: 200, ProfileAfterRevoke: 401),
    };
}
