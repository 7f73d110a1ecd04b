using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>Where the list is (re)loaded from; the server's store also writes back what Redis lost.</summary>
internal interface IRevocationLoader
{
    /// <summary>Adds every revocation Redis holds to the list; returns how many tokens and user generations it read.</summary>
    Task<(int Tokens, int Users)> LoadAsync();
}

/// <summary>
/// The read side of the revocations in Redis (two sorted sets: token ids scored by <c>exp</c>, user ids scored by their
/// generation), and the channel's publish. A resource service only ever reads: it never writes a revocation.
/// </summary>
internal sealed class RevocationReader(IRevocationConnection redis, RevocationKeys keys, RevocationList list) : IRevocationLoader
{
    private const int PageSize = 10_000;

    public async Task<(int Tokens, int Users)> LoadAsync()
    {
        var (tokens, users) = await ReadAllAsync();
        return (tokens.Count, users.Count);
    }

    /// <summary>Adds everything Redis holds to the list, and returns it.</summary>
    public async Task<(Dictionary<string, long> Tokens, Dictionary<string, long> Users)> ReadAllAsync()
    {
        var tokens = await ReadAsync(keys.RevokedTokens, list.Now - list.SkewSeconds);
        var users = await ReadAsync(keys.UserGenerations, list.NowMilliseconds - list.GenerationLifetimeMilliseconds);
        foreach (var (id, exp) in tokens)
        {
            list.AddToken(id, exp);
        }

        foreach (var (id, generation) in users)
        {
            list.AddGeneration(id, generation);
        }

        return (tokens, users);
    }

    public Task<long> PublishAsync(RevocationMessage message) =>
        redis.RunAsync(db => db.PublishAsync(keys.Revocations, message.ToString(), CommandFlags.DemandMaster));

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
}
