using System.Runtime.CompilerServices;
using AuthServer.Strategies.Redis;
using StackExchange.Redis;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// Revocations in Redis: two sorted sets (token ids scored by <c>exp</c>, user ids scored by cutoff) that every instance
/// can reload in one pass after a reconnect, and a channel that tells every instance the moment one is written. Every
/// operation touches one key, so a Redis Cluster needs no hash tag here; a revocation is answered only once replicas hold it
/// (<see cref="RedisConnection.WriteAsync"/>).
/// </summary>
internal sealed class RevocationStore(RedisConnection redis, RedisKeys keys, RevocationList list)
{
    // Auth:AccessTokenLifetime is at most one day, so no entry is needed longer than that (plus the skew).
    private static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
    private const int PageSize = 10_000;

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

    /// <summary>Refuses every token of the user issued up to <paramref name="cutoff"/> (Unix seconds, inclusive).</summary>
    public async Task RevokeUserAsync(string userId, long cutoff)
    {
        list.AddCutoff(userId, cutoff);
        await AddAsync(keys.UserCutoffs, userId, cutoff, list.Now - list.CutoffLifetimeSeconds);
        await PublishAsync(RevocationMessage.User(userId, cutoff));
    }

    public Task<long> PublishAsync(RevocationMessage message) =>
        redis.RunAsync(db => db.PublishAsync(keys.Revocations, message.ToString(), CommandFlags.DemandMaster));

    /// <summary>
    /// Adds everything Redis holds to the list, and writes back what the list holds that Redis lost (a restart
    /// without persistence), so revocations outlive a Redis restart as long as one instance does.
    /// </summary>
    public async Task<(int Tokens, int Users)> LoadAsync()
    {
        var now = list.Now;
        var tokens = await ReadAsync(keys.RevokedTokens, now - list.SkewSeconds);
        var users = await ReadAsync(keys.UserCutoffs, now - list.CutoffLifetimeSeconds);
        foreach (var (id, exp) in tokens)
        {
            list.AddToken(id, exp);
        }

        foreach (var (id, cutoff) in users)
        {
            list.AddCutoff(id, cutoff);
        }

        await WriteBackAsync(keys.RevokedTokens, list.Tokens, tokens);
        await WriteBackAsync(keys.UserCutoffs, list.Cutoffs, users);
        return (tokens.Count, users.Count);
    }

    private async Task<Dictionary<string, long>> ReadAsync(RedisKey key, long from)
    {
        var entries = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var skip = 0L; ; skip += PageSize)
        {
            var page = await redis.RunAsync(db => db.SortedSetRangeByScoreWithScoresAsync(key, from, double.PositiveInfinity, skip: skip, take: PageSize, flags: CommandFlags.DemandMaster));
            foreach (var entry in page)
            {
                entries[entry.Element!] = (long)entry.Score;
            }

            if (page.Length < PageSize)
            {
                return entries;
            }
        }
    }

    private async Task WriteBackAsync(RedisKey key, IReadOnlyList<KeyValuePair<string, long>> known, Dictionary<string, long> stored)
    {
        var missing = known.Where(e => !stored.TryGetValue(e.Key, out var score) || score < e.Value)
            .Select(e => new SortedSetEntry(e.Key, e.Value))
            .ToArray();
        if (missing.Length > 0)
        {
            await redis.RunAsync(async db =>
            {
                await db.SortedSetAddAsync(key, missing);
                return await db.KeyExpireAsync(key, KeyLifetime);
            });
        }
    }

    private Task<RedisResult> AddAsync(RedisKey key, string member, long score, long forgetBefore, [CallerMemberName] string operation = "") =>
        redis.WriteAsync(AddScript, [key], [member, score, forgetBefore, (long)KeyLifetime.TotalSeconds], operation);
}
