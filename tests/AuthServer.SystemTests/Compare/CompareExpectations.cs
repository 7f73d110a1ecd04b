using AuthServer.Strategies.Options;

namespace AuthServer.SystemTests.Compare;

/// <summary>What one column must show after one click: the status (null: nothing sent) and a phrase of its sentence.</summary>
/// <param name="Status">The cell's headline HTTP status.</param>
/// <param name="Phrase">Part of the sentence the cell must say.</param>
/// <param name="FollowUp">A follow-up answer listed in the cell (its kind and status): the newest refresh token, the other device.</param>
internal sealed record Expected(int? Status, string Phrase, (string Kind, int Status)? FollowUp = null);

/// <summary>
/// The whole row of actions, left to right, and what each strategy must answer, straight from CONTRACT.md's "What each
/// strategy promises": after logout, logout-all, a refresh token used twice, and Redis down.
/// </summary>
internal static class CompareExpectations
{
    private const string S = StrategyNames.StatelessJwt, R = StrategyNames.JwtRefresh, B = StrategyNames.JwtBlacklist, X = StrategyNames.RedisSession;

    public static IReadOnlyList<(string Button, Dictionary<string, Expected> Columns)> Row { get; } =
    [
        ("act-login", new() { [S] = new(200, "keeps no record"), [R] = new(200, "refresh token stored"), [B] = new(200, "(jti)"), [X] = new(200, "session itself lives in the Redis") }),
        ("act-call-a", new() { [S] = new(200, "signature alone"), [R] = new(200, "signature alone"), [B] = new(200, "not on A’s revocation list"), [X] = new(200, "A found the session") }),
        ("act-call-b", new() { [S] = new(200, "same signing key"), [R] = new(200, "same signing key"), [B] = new(200, "kept in step through Redis"), [X] = new(200, "Redis both instances share") }),
        // After logout: a JWT still works until exp (jwt-refresh: its short exp); the other two are refused at once, everywhere.
        ("act-logout", new() { [S] = new(200, "revoked: false"), [R] = new(200, "family is revoked"), [B] = new(200, "revoked: true"), [X] = new(200, "deleted from Redis") }),
        ("act-call-a", new() { [S] = new(200, "Still accepted on A"), [R] = new(200, "Still accepted on A"), [B] = new(401, "Refused on A"), [X] = new(401, "Refused on A") }),
        ("act-call-b", new() { [S] = new(200, "Still accepted on B"), [R] = new(200, "Still accepted on B"), [B] = new(401, "reached B through Redis"), [X] = new(401, "Refused on B") }),
        // jwt-refresh: the refresh token is refused at once after logout.
        ("act-refresh", new() { [S] = new(400, "No refresh tokens"), [R] = new(401, "the logout revoked this refresh token’s family"), [B] = new(400, "No refresh tokens"), [X] = new(400, "No refresh tokens") }),
        // A refresh token used twice: the whole family is revoked, its newest refresh token too.
        ("act-replay", new() { [S] = new(400, "nothing to replay"), [R] = new(401, "even the newest one", ("newest", 401)), [B] = new(400, "nothing to replay"), [X] = new(400, "nothing to replay") }),
        // logout-all: impossible statelessly; refresh tokens only under jwt-refresh; everything under the other two.
        ("act-logout-all", new()
        {
            [S] = new(200, "revoked: false", ("other", 200)),
            [R] = new(200, "every refresh token of the user", ("other", 200)),
            [B] = new(200, "every token issued before it is refused", ("other", 401)),
            [X] = new(200, "every session of the user is deleted", ("other", 401)),
        }),
        // Redis down: the two JWT strategies without a lookup do not notice; the other two are not ready.
        ("act-stop-redis", new() { [S] = new(200, "never talks to Redis"), [R] = new(200, "never talks to Redis"), [B] = new(503, "Fail-closed"), [X] = new(503, "every request now gets 503") }),
        ("act-login", new() { [S] = new(200, "did not need Redis"), [R] = new(200, "did not need Redis"), [B] = new(200, "signing a JWT needs only the key"), [X] = new(503, "no login while Redis is down") }),
        ("act-call-b", new() { [S] = new(200, "never asks it"), [R] = new(200, "never asks it"), [B] = new(503, "fail-closed refuses"), [X] = new(503, "Redis is down") }),
        ("act-start-redis", new() { [S] = new(200, "all along"), [R] = new(200, "all along"), [B] = new(200, "reloaded its revocation list"), [X] = new(200, "Ready again") }),
        ("act-login", new() { [S] = new(200, "keeps no record"), [R] = new(200, "refresh token stored"), [B] = new(200, "(jti)"), [X] = new(200, "session itself lives in the Redis") }),
        ("act-call-b", new() { [S] = new(200, "same signing key"), [R] = new(200, "same signing key"), [B] = new(200, "kept in step through Redis"), [X] = new(200, "Redis both instances share") }),
    ];

    /// <summary>After the row, the timeline's lines: still accepted (the JWTs without a lookup) or refused.</summary>
    public static IReadOnlyDictionary<string, string> AfterLogout { get; } = new Dictionary<string, string>
    {
        [S] = "accepted",
        [R] = "accepted",
        [B] = "refused",
        [X] = "refused",
    };
}
