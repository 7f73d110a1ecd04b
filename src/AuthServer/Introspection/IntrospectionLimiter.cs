using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthServer.Introspection;

/// <summary>
/// A token bucket per caller: <c>Introspection:RequestsPerSecond</c> at most, in bursts of up to a second's worth,
/// refilled in tenths of a second (or one token at a time, below ten a second).
/// </summary>
internal sealed class IntrospectionLimiter(IOptions<IntrospectionOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(clientId =>
        RateLimitPartition.GetTokenBucketLimiter(clientId, _ => Bucket(options.Value.RequestsPerSecond)));

    /// <summary>Null when allowed; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string clientId)
    {
        using var lease = limiter.AttemptAcquire(clientId);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => limiter.Dispose();

    private static TokenBucketRateLimiterOptions Bucket(int perSecond)
    {
        var tokens = Math.Max(1, perSecond / 10);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokens / perSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
