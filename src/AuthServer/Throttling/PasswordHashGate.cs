using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthServer.Throttling;

/// <summary>
/// At most <c>RateLimiting:PasswordHashConcurrency</c> password hashes at once (each ~0.1 s of a core), so a flood of
/// logins or registrations cannot take every core from the requests that need none. A request waits at most
/// <see cref="MaxWait"/>, behind at most <see cref="QueuePerPermit"/> others per permit, oldest first; past either it
/// is answered 503 with <c>Retry-After</c> at once. Memory stays bounded with the queue.
/// </summary>
internal sealed class PasswordHashGate : IDisposable
{
    /// <summary>The longest a request waits for a hash to start: about what a few logins ahead of it take.</summary>
    internal static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    internal const int QueuePerPermit = 8;

    private readonly ConcurrencyLimiter limiter;

    public PasswordHashGate(IOptions<RateLimitingOptions> options)
    {
        var permits = options.Value.PasswordHashConcurrency;
        limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = permits,
            QueueLimit = permits * QueuePerPermit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>A lease to hash while held; null when none came within the wait (or the queue is full).</summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken cancellationToken)
    {
        // Wall-clock wait on purpose: the bound protects the machine, whatever the test clock says.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(MaxWait);
        try
        {
            var lease = await limiter.AcquireAsync(1, wait.Token);
            if (lease.IsAcquired)
            {
                return lease;
            }

            lease.Dispose();
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => limiter.Dispose();
}
