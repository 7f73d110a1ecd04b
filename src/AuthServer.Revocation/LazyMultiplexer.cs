using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>
/// A multiplexer connected on first use. A connect that throws (Sentinels that cannot name a primary yet) is not
/// remembered: a later call tries again, at most once a second (wall clock, so a frozen test clock cannot stop it), so the
/// server heals by itself as it does with a single node.
/// </summary>
internal sealed class LazyMultiplexer(Func<ConnectionMultiplexer> connect) : IDisposable
{
    private const long RetryIntervalMs = 1000;
    private readonly Lock gate = new();
    private ConnectionMultiplexer? value;
    private long retryAfter = long.MinValue;
    private Exception? lastFailure;

    public bool IsCreated => Volatile.Read(ref value) is not null;

    /// <summary>The multiplexer; <see cref="StoreUnavailableException"/> while it cannot be created.</summary>
    public ConnectionMultiplexer Value => Volatile.Read(ref value) ?? Create();

    public void Dispose()
    {
        lock (gate)
        {
            value?.Dispose();
            value = null;
            retryAfter = long.MaxValue;
        }
    }

    private ConnectionMultiplexer Create()
    {
        lock (gate)
        {
            if (value is not null)
            {
                return value;
            }

            if (Environment.TickCount64 < retryAfter)
            {
                throw RedisCalls.Unavailable(lastFailure);
            }

            try
            {
                value = connect();
                return value;
            }
            catch (Exception ex) when (RedisCalls.IsUnavailable(ex))
            {
                lastFailure = ex;
                retryAfter = Environment.TickCount64 + RetryIntervalMs;
                throw RedisCalls.Unavailable(ex);
            }
        }
    }
}
