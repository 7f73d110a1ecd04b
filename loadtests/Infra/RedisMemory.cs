using System.Globalization;
using AuthServer.Testing;

namespace LoadTests.Infra;

/// <summary>What the load tests read of the run's redis-server: its memory, in total and per key.</summary>
internal static class RedisMemory
{
    /// <summary><c>used_memory</c> from INFO memory, in bytes.</summary>
    public static async Task<long> UsedMemoryAsync(this RedisProcess redis)
    {
        string info = await TextAsync(redis, "INFO", "memory");
        foreach (string line in info.Split("\r\n"))
        {
            if (line.StartsWith("used_memory:", StringComparison.Ordinal))
            {
                return long.Parse(line["used_memory:".Length..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("INFO memory has no used_memory");
    }

    /// <summary>
    /// Sum of <c>MEMORY USAGE</c> over every key (SCAN), with the key count: the bytes the data itself takes,
    /// free of the allocator noise that <c>used_memory</c> deltas carry when few keys were added.
    /// </summary>
    public static async Task<(long Keys, long Bytes)> KeyMemoryAsync(this RedisProcess redis)
    {
        using RespClient c = await RespClient.ConnectAsync(redis.Port);
        long keys = 0, bytes = 0;
        string cursor = "0";
        do
        {
            object?[] parts = (object?[])(await c.CommandAsync("SCAN", cursor, "COUNT", "1000"))!;
            cursor = (string)parts[0]!;
            foreach (object? k in (object?[])parts[1]!)
            {
                object? usage = await c.CommandAsync("MEMORY", "USAGE", (string)k!, "SAMPLES", "0");
                if (usage is long n)
                {
                    keys++;
                    bytes += n;
                }
            }
        }
        while (cursor != "0");
        return (keys, bytes);
    }

    /// <summary>
    /// The largest sorted set (by members) and the bytes a set like it takes at <paramref name="members"/> members:
    /// a scratch key is filled with members of the same length and score, measured with MEMORY USAGE and deleted.
    /// Small sets use a compact encoding, so a linear extrapolation from a few members would understate the cost.
    /// </summary>
    public static async Task<(string Key, long Members, long ProjectedBytes)?> ProjectLargestSortedSetAsync(this RedisProcess redis, int members)
    {
        using RespClient c = await RespClient.ConnectAsync(redis.Port);
        string? best = null;
        long bestCard = 0;
        string cursor = "0";
        do
        {
            object?[] parts = (object?[])(await c.CommandAsync("SCAN", cursor, "COUNT", "1000", "TYPE", "zset"))!;
            cursor = (string)parts[0]!;
            foreach (string k in ((object?[])parts[1]!).Cast<string>())
            {
                long card = (long)(await c.CommandAsync("ZCARD", k))!;
                if (card > bestCard)
                {
                    (best, bestCard) = (k, card);
                }
            }
        }
        while (cursor != "0");
        if (best is null)
        {
            return null;
        }

        object?[] sample = (object?[])(await c.CommandAsync("ZRANGE", best, "0", "0", "WITHSCORES"))!;
        int memberLength = ((string)sample[0]!).Length;
        string score = (string)sample[1]!;
        const string scratch = "loadtests:projection";
        await c.CommandAsync("DEL", scratch);
        for (int start = 0; start < members; start += 1000)
        {
            List<string> cmd = ["ZADD", scratch];
            for (int i = start; i < Math.Min(members, start + 1000); i++)
            {
                cmd.Add(score);
                cmd.Add(i.ToString("x", CultureInfo.InvariantCulture).PadLeft(memberLength, '0'));
            }

            await c.CommandAsync([.. cmd]);
        }

        long bytes = (long)(await c.CommandAsync("MEMORY", "USAGE", scratch, "SAMPLES", "0"))!;
        await c.CommandAsync("DEL", scratch);
        return (best, bestCard, bytes);
    }

    /// <summary>One command; a bulk string, simple string or integer reply as text.</summary>
    private static async Task<string> TextAsync(RedisProcess redis, params string[] parts) =>
        await redis.CommandAsync(parts) switch
        {
            long n => n.ToString(CultureInfo.InvariantCulture),
            string t => t,
            null => "",
            _ => throw new IOException("unexpected redis reply"),
        };
}
