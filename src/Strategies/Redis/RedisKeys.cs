using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

/// <summary>
/// Every Redis key the server uses, built here and nowhere else (the revocation keys and channel, shared with resource
/// services, in <see cref="RevocationKeys"/>). On a Redis Cluster one command, transaction
/// or script may only touch keys of one slot; the slot of a key is decided by its hash tag (the part in braces) when it
/// has one. So keys written together share a tag (<see cref="Tagged"/>), and a key only ever used alone needs none.
/// </summary>
internal sealed class RedisKeys(IOptions<RedisOptions> options)
{
    private readonly string prefix = options.Value.KeyPrefix;

    /// <summary>Hash: one session, keyed by the SHA-256 of its id (the id itself is never stored), in its user's slot.</summary>
    public RedisKey Session(string userTag, string sessionHash) => Tagged("session", userTag, sessionHash);

    /// <summary>Hash: one bucket of a rate limit's shared counts (field: segment number); never a username or address.</summary>
    public RedisKey RateLimit(string limit, string bucket) => prefix + "ratelimit:" + limit + ":" + bucket;

    /// <summary>Set: the session hashes of one user, for logout-all and admin revoke; in the slot of the user's sessions.</summary>
    public RedisKey UserSessions(string userTag, string userId) => Tagged("user-sessions", userTag, userId);

    /// <summary>The SCAN pattern that matches every session key and nothing else.</summary>
    public string SessionPattern => prefix + "session:{*";

    /// <summary>
    /// <c>{prefix}{kind}:{{tag}}:{name}</c>: keys with one tag share a Cluster slot, so one MULTI or script may write them
    /// together. A tag should spread the data (per user, per client; a constant puts every key on one node), must hold no
    /// brace, and is visible to whoever can list keys: a keyed hash rather than a raw identifier where that matters.
    /// </summary>
    public RedisKey Tagged(string kind, string tag, string name)
    {
        if (tag.Length == 0 || tag.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("A hash tag must be non-empty and hold no brace.", nameof(tag));
        }

        return $"{prefix}{kind}:{{{tag}}}:{name}";
    }
}
