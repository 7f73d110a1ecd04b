using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace AuthServer.Client.Introspection;

/// <summary>
/// "Active" answers, by the exact credential, for <see cref="AuthServerOptions.IntrospectionCacheDuration"/> and never
/// past the credential's own expiry. Bounded: when full, expired entries are dropped (at most once a second) and, if
/// none had expired, the new answer is simply not kept. Inactive answers are never kept: they cost a lookup each time,
/// but a cache cannot then be filled with garbage credentials.
/// </summary>
internal sealed class IntrospectionCache(IOptions<AuthServerOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly TimeSpan duration = options.Value.IntrospectionCacheDuration;
    private readonly int capacity = options.Value.IntrospectionCacheSize;
    private long lastSweep;

    public bool Enabled => duration > TimeSpan.Zero;

    public int Count => entries.Count;

    public ClaimsPrincipal? Find(string credential)
    {
        if (!Enabled || !entries.TryGetValue(credential, out var entry))
        {
            return null;
        }

        if (time.GetUtcNow() < entry.Until)
        {
            return entry.Principal;
        }

        entries.TryRemove(new KeyValuePair<string, Entry>(credential, entry));
        return null;
    }

    public void Remember(string credential, ClaimsPrincipal principal, DateTimeOffset expiresAt)
    {
        if (!Enabled)
        {
            return;
        }

        var now = time.GetUtcNow();
        var until = now + duration < expiresAt ? now + duration : expiresAt;
        if (entries.Count >= capacity)
        {
            Sweep(now);
            if (entries.Count >= capacity)
            {
                return;
            }
        }

        entries[credential] = new Entry(principal, until);
    }

    private void Sweep(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref lastSweep);
        if (now.UtcTicks - last < TimeSpan.TicksPerSecond || Interlocked.CompareExchange(ref lastSweep, now.UtcTicks, last) != last)
        {
            return;
        }

        foreach (var (key, entry) in entries)
        {
            if (entry.Until <= now)
            {
                entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            }
        }
    }

    private sealed record Entry(ClaimsPrincipal Principal, DateTimeOffset Until);
}
