using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

/// <summary>Every Redis key and channel the server uses, built here and nowhere else.</summary>
internal sealed class RedisKeys(IOptions<RedisOptions> options)
{
    private readonly string prefix = options.Value.KeyPrefix;

    /// <summary>Sorted set: revoked token ids (<c>jti</c>), scored by the token's <c>exp</c> (Unix seconds).</summary>
    public RedisKey RevokedTokens => prefix + "revoked:tokens";

    /// <summary>Sorted set: user ids, scored by their revocation generation (tokens issued under a lower one are refused).</summary>
    public RedisKey UserGenerations => prefix + "revoked:generations";

    /// <summary>Every instance hears each revocation here the moment it is written.</summary>
    public RedisChannel Revocations => RedisChannel.Literal(prefix + "revoked:events");

    /// <summary>Hash: one session, keyed by the SHA-256 of its id (the id itself is never stored).</summary>
    public RedisKey Session(string sessionHash) => prefix + "session:" + sessionHash;

    /// <summary>Hash: one bucket of a rate limit's shared counts (field: segment number); never a username or address.</summary>
    public RedisKey RateLimit(string limit, string bucket) => prefix + "ratelimit:" + limit + ":" + bucket;

    /// <summary>Set: the session hashes of one user, for logout-all and admin revoke.</summary>
    public RedisKey UserSessions(string userId) => prefix + "user-sessions:" + userId;
}
