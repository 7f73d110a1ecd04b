using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthServer.Users;

/// <summary>The <c>RateLimiting</c> section.</summary>
internal sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Login attempts per minute per client address and username.</summary>
    public int LoginPermitLimit { get; set; } = 10;
}

/// <summary>
/// Fixed-window limiter partitioned by client address and username. The username is in the body, which
/// the rate-limiting middleware cannot see, so the login handler asks this limiter after binding.
/// </summary>
internal sealed class LoginRateLimiter(IOptions<RateLimitingOptions> options) : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.LoginPermitLimit,
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when allowed; otherwise how long to wait.</summary>
    public TimeSpan? TryAcquire(string clientAddress, string username)
    {
        using var lease = limiter.AttemptAcquire($"{clientAddress}\n{UsernameRules.Normalize(username)}");
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    public void Dispose() => limiter.Dispose();
}
