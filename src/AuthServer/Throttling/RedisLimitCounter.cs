using System.Globalization;
using AuthServer.Strategies.Redis;
using StackExchange.Redis;

namespace AuthServer.Throttling;

/// <summary>
/// The counts every instance on one Redis shares, so N replicas do not allow N times the limit. One hash per bucket
/// (field: segment number, value: count), changed by one script on that one key: atomic, and single-slot on a Redis
/// Cluster. Buckets are picked as in <see cref="LocalLimitCounter"/>, from many more of them: keys exist only for
/// buckets in use and expire a window after their last count, so Redis holds at most <see cref="Buckets"/> keys a limit.
/// </summary>
internal sealed class RedisLimitCounter(RedisConnection redis, RedisKeys keys, TimeProvider time)
{
    public const int Buckets = 1 << 20;

    // Drops segments that no longer count, sums the rest, counts one more when the mode says so.
    private const string HitScript = """
        local current = tonumber(ARGV[1])
        local first = current - tonumber(ARGV[2]) + 1
        local total, oldest = 0, current
        local fields = redis.call('HGETALL', KEYS[1])
        for i = 1, #fields, 2 do
          local segment = tonumber(fields[i])
          if segment < first then
            redis.call('HDEL', KEYS[1], fields[i])
          else
            total = total + tonumber(fields[i + 1])
            if segment < oldest then oldest = segment end
          end
        end
        local counted = 0
        if ARGV[3] == 'add' or (ARGV[3] == 'acquire' and total < tonumber(ARGV[4])) then
          redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          total = total + 1
          counted = 1
        end
        return {counted, total, oldest}
        """;

    public async Task<LimitState> HitAsync(SlidingLimit limit, ulong subjectHash, LimitMode mode)
    {
        var now = time.GetUtcNow();
        var segment = limit.SegmentAt(now);
        var bucket = (subjectHash % Buckets).ToString(CultureInfo.InvariantCulture);
        var result = (RedisResult[])(await redis.RunAsync(db => db.ScriptEvaluateAsync(
            HitScript,
            [keys.RateLimit(limit.Name, bucket)],
            [segment, SlidingLimit.SegmentsCounted, ModeName(mode), limit.Permits, SlidingLimit.SegmentsCounted * limit.SegmentMilliseconds])))!;
        return new LimitState((long)result[0] == 1, (long)result[1], limit.RetryAfter((long)result[2], now));
    }

    private static string ModeName(LimitMode mode) => mode switch
    {
        LimitMode.Acquire => "acquire",
        LimitMode.Add => "add",
        _ => "peek",
    };
}
