using AuthServer.Strategies.Abstractions;

namespace AuthServer.Throttling;

/// <summary>
/// Where the limits are counted: in Redis when this server has one (<c>ConnectionStrings:Redis</c>, or the embedded
/// development server a Redis strategy starts), so every instance on it shares the counts; otherwise, and while Redis
/// cannot be reached, in this instance's fixed-size <see cref="LocalLimitCounter"/>. An outage never stops logins: the
/// limits then hold per instance, and the log says so once per outage.
/// </summary>
internal sealed class LimitCounters(LimitBuckets buckets, LocalLimitCounter local, ILogger<LimitCounters> logger, RedisLimitCounter? shared = null)
{
    private int localOnly;

    public bool Shared => shared is not null;

    public async ValueTask<LimitState> HitAsync(SlidingLimit limit, string subject, LimitMode mode)
    {
        var hash = buckets.Hash(limit, subject);
        if (shared is not null)
        {
            try
            {
                var state = await shared.HitAsync(limit, hash, mode);
                if (Interlocked.Exchange(ref localOnly, 0) == 1)
                {
                    ThrottleLog.SharedCountsRestored(logger);
                }

                return state;
            }
            catch (StoreUnavailableException)
            {
                if (Interlocked.Exchange(ref localOnly, 1) == 0)
                {
                    ThrottleLog.SharedCountsUnavailable(logger);
                }
            }
        }

        return local.Hit(limit, hash, mode);
    }
}
