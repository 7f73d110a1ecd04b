using StackExchange.Redis;

namespace AuthServer.Compare;

/// <summary>
/// Garnet compiles each command's code on its first use, which can take longer than an instance's Redis deadline on a
/// busy machine. Running the commands the two Redis strategies use once, before they start, keeps that first-use cost
/// out of the page's timings (and out of its 503s).
/// </summary>
internal static class GarnetWarmup
{
    private const string Script = """
        local seen = redis.call('HGET', KEYS[1], 'seen')
        if seen then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return 1
        """;

    public static async Task RunAsync(IConnectionMultiplexer connection)
    {
        var db = connection.GetDatabase();
        RedisKey hash = "compare:warmup:hash", set = "compare:warmup:set", sorted = "compare:warmup:sorted";
        var write = db.CreateTransaction();
        _ = write.HashSetAsync(hash, [new HashEntry("seen", 1), new HashEntry("user", "u")]);
        _ = write.KeyExpireAsync(hash, TimeSpan.FromMinutes(1));
        _ = write.SetAddAsync(set, "member");
        _ = write.SortedSetAddAsync(sorted, "member", 1);
        _ = write.SortedSetRemoveRangeByScoreAsync(sorted, double.NegativeInfinity, 0, Exclude.Stop);
        await write.ExecuteAsync();
        await db.HashGetAllAsync(hash);
        await db.HashGetAsync(hash, "user");
        await db.ScriptEvaluateAsync(Script, [hash], [60000]);
        await db.SortedSetRangeByScoreWithScoresAsync(sorted, 0, double.PositiveInfinity, skip: 0, take: 10);
        await db.SetMembersAsync(set);
        await db.SetRemoveAsync(set, "member");
        await db.PublishAsync(RedisChannel.Literal("compare:warmup"), "hello");
        await db.PingAsync();
        await db.KeyDeleteAsync([hash, set, sorted]);
    }
}
