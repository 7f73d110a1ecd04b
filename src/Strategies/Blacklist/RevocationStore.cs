using System.Runtime.CompilerServices;
using AuthServer.Strategies.Redis;
using StackExchange.Redis;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// The server's side of the revocations in Redis (the read side, shared with resource services, is
/// <see cref="RevocationReader"/>): two sorted sets (token ids scored by <c>exp</c>, user ids scored by their revocation generation)
/// that every instance can reload in one pass after a reconnect, and a channel that tells every instance the moment one
/// is written. Every operation touches one key, so a Redis Cluster needs no hash tag here; a revocation is answered only
/// once replicas hold it (<see cref="RedisConnection.WriteAsync"/>).
/// </summary>
internal sealed class RevocationStore(RedisConnection redis, RevocationKeys keys, RevocationList list, RevocationReader reader) : IRevocationLoader
{
    // Auth:AccessTokenLifetime is at most one day, so no entry is needed longer than that (plus the skew).
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);

    // One key, one script: add (never lowering a score), drop what has expired (memory bounded by live tokens), push the
    // key's own expiry out. A script rather than MULTI, so that it can go through RedisConnection.WriteAsync and its WAIT.
    private const string AddScript = """
        redis.call('ZADD', KEYS[1], 'GT', ARGV[2], ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[3])
        redis.call('EXPIRE', KEYS[1], ARGV[4])
        return 1
        """;

    /// <summary>Refuses one token, here at once and on every instance as soon as they hear of it.</summary>
    public async Task RevokeTokenAsync(string tokenId, long expiresAt)
    {
        list.AddToken(tokenId, expiresAt);
        await AddAsync(keys.RevokedTokens, tokenId, expiresAt, list.Now - list.SkewSeconds);
        await PublishAsync(RevocationMessage.Token(tokenId, expiresAt));
    }

    // One key, one script: the user's next generation is above their last one (here and in Redis) and about now, so it
    // stays unique however many logout-alls share a millisecond, and keeps growing after an old one is forgotten.
    private const string RaiseGenerationScript = """
        local stored = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '0')
        local known = tonumber(ARGV[3])
        if known > stored then stored = known end
        local next = tonumber(ARGV[2])
        if next <= stored then next = stored + 1 end
        redis.call('ZADD', KEYS[1], next, ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[4])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return next
        """;

    /// <summary>Refuses every token of the user issued so far; returns the new generation.</summary>
    public async Task<long> RevokeUserAsync(string userId)
    {
        var now = list.NowMilliseconds;
        var known = list.GenerationFor(userId) ?? 0;
        long raised;
        try
        {
            // Through WriteAsync: answered only once replicas hold it, so a failover cannot take a logout-all back.
            raised = (long)await redis.WriteAsync(
                RaiseGenerationScript,
                [keys.UserGenerations],
                [userId, now, known, now - list.GenerationLifetimeMilliseconds, (long)KeyLifetime.TotalMilliseconds]);
        }
        catch (StoreUnavailableException)
        {
            // Answered 503, but this instance refuses at once; the next resync writes it back to Redis.
            list.AddGeneration(userId, Math.Max(now, known + 1));
            throw;
        }

        list.AddGeneration(userId, raised);
        await PublishAsync(RevocationMessage.User(userId, raised));
        return raised;
    }

    /// <summary>
    /// The generation a token issued now must carry: Redis's (a logout-all just made on another instance counts before
    /// its message arrives) or, while Redis is away, this instance's. Too low only ever refuses a token too early.
    /// </summary>
    public async Task<long> CurrentGenerationAsync(string userId)
    {
        var known = list.GenerationFor(userId) ?? 0;
        try
        {
            // From the primary: a replica may not hold a logout-all yet.
            var stored = await redis.RunAsync(db => db.SortedSetScoreAsync(keys.UserGenerations, userId, CommandFlags.DemandMaster));
            return Math.Max(known, (long)(stored ?? 0));
        }
        catch (StoreUnavailableException)
        {
            return known;
        }
    }

    private Task<long> PublishAsync(RevocationMessage message) => reader.PublishAsync(message);

    /// <summary>
    /// Adds everything Redis holds to the list, and writes back what the list holds that Redis lost (a restart
    /// without persistence), so revocations outlive a Redis restart as long as one instance does. What is written back
    /// is also published: an instance that started while Redis was away, and so never heard of it, hears of it now.
    /// (It subscribes before it reloads, so it either reads the write-back or hears the message.)
    /// </summary>
    public async Task<(int Tokens, int Users)> LoadAsync()
    {
        var (tokens, users) = await reader.ReadAllAsync();
        foreach (var (id, exp) in await WriteBackAsync(keys.RevokedTokens, list.Tokens, tokens))
        {
            await PublishAsync(RevocationMessage.Token(id, exp));
        }

        foreach (var (id, generation) in await WriteBackAsync(keys.UserGenerations, list.Generations, users))
        {
            await PublishAsync(RevocationMessage.User(id, generation));
        }

        return (tokens.Count, users.Count);
    }

    private async Task<IReadOnlyList<KeyValuePair<string, long>>> WriteBackAsync(RedisKey key, IReadOnlyList<KeyValuePair<string, long>> known, Dictionary<string, long> stored)
    {
        var missing = known.Where(e => !stored.TryGetValue(e.Key, out var score) || score < e.Value).ToList();
        if (missing.Count > 0)
        {
            await redis.RunAsync(async db =>
            {
                // GT: never lowers a score another instance raised since it was read (a lowered generation would revive tokens).
                await db.SortedSetAddAsync(key, [.. missing.Select(e => new SortedSetEntry(e.Key, e.Value))], SortedSetWhen.GreaterThan);
                return await db.KeyExpireAsync(key, KeyLifetime);
            });
        }

        return missing;
    }

    private Task<RedisResult> AddAsync(RedisKey key, string member, long score, long forgetBefore, [CallerMemberName] string operation = "") =>
        redis.WriteAsync(AddScript, [key], [member, score, forgetBefore, (long)KeyLifetime.TotalSeconds], operation);
}
