using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>
/// The revocation keys and channel, named here for the server (which writes them) and every resource service (which
/// reads them). Each is only ever used alone by a command or script, so a Redis Cluster needs no hash tag on them.
/// </summary>
internal sealed class RevocationKeys(IOptions<RevocationListOptions> options)
{
    private readonly string prefix = options.Value.KeyPrefix;

    /// <summary>Sorted set: revoked token ids (<c>jti</c>), scored by the token's <c>exp</c> (Unix seconds). Single-key operations only.</summary>
    public RedisKey RevokedTokens => prefix + "revoked:tokens";

    /// <summary>Sorted set: user ids, scored by their revocation generation (tokens issued under a lower one are refused). Single-key operations only.</summary>
    public RedisKey UserGenerations => prefix + "revoked:generations";

    /// <summary>Every instance hears each revocation here the moment it is written (a classic channel: a Cluster broadcasts it to every node).</summary>
    public RedisChannel Revocations => RedisChannel.Literal(prefix + "revoked:events");
}
