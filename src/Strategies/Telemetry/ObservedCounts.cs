using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace AuthServer.Strategies.Telemetry;

/// <summary>
/// Counts by result, kept in process and read by an observable counter when metrics are collected (a scrape).
/// Recording one is an interlocked increment; a <c>Counter&lt;long&gt;.Add</c> with tags costs the OpenTelemetry SDK a
/// lookup per measurement, which a CPU profile of <c>GET /profile</c> put at about half of a cached token's
/// authentication (loadtests/README.md, "Where a /profile request's time goes").
/// </summary>
internal sealed class ObservedCounts(string strategy)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> counts = new(StringComparer.Ordinal);

    /// <summary>The count of one result, to keep and increment on the hot path without a lookup.</summary>
    public StrongBox<long> For(string result) => counts.GetOrAdd(result, static _ => new StrongBox<long>());

    public static void Increment(StrongBox<long> count) => Interlocked.Increment(ref count.Value);

    public void Increment(string result) => Increment(For(result));

    /// <summary>Every result counted so far with its total: a series appears with its first count, as with a counter.</summary>
    public IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (result, count) in counts)
        {
            var total = Volatile.Read(ref count.Value);
            if (total > 0)
            {
                yield return new(total, new KeyValuePair<string, object?>(MetricTags.Strategy, strategy), new KeyValuePair<string, object?>(MetricTags.Result, result));
            }
        }
    }
}
