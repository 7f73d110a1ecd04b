using HdrHistogram;

namespace LoadTests.Load;

/// <summary>Latency percentiles of one measured segment, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double MeanMs, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySummary Empty = new(0, 0, 0, 0, 0, 0);
}

/// <summary>One HdrHistogram per worker (they are not thread-safe), merged at the end; values in microseconds.</summary>
public sealed class LatencyRecorder
{
    private readonly List<LongHistogram> _all = [];

    public LongHistogram NewWorker()
    {
        LongHistogram h = new(TimeSpan.FromMinutes(2).Ticks / 10, 3);
        lock (_all)
        {
            _all.Add(h);
        }

        return h;
    }

    public static void Record(LongHistogram h, TimeSpan elapsed) =>
        h.RecordValue(Math.Clamp(elapsed.Ticks / 10, 1, h.HighestTrackableValue));

    public LatencySummary Summarize()
    {
        LongHistogram total = new(TimeSpan.FromMinutes(2).Ticks / 10, 3);
        lock (_all)
        {
            foreach (LongHistogram h in _all)
            {
                total.Add(h);
            }
        }

        return total.TotalCount == 0
            ? LatencySummary.Empty
            : new LatencySummary(
                total.TotalCount, total.GetMean() / 1000.0,
                total.GetValueAtPercentile(50) / 1000.0, total.GetValueAtPercentile(90) / 1000.0,
                total.GetValueAtPercentile(99) / 1000.0, total.GetMaxValue() / 1000.0);
    }
}

/// <summary>Operations completed so far by the running scenario, for the console's live rate.</summary>
public static class LiveCounter
{
    private static long s_count;

    public static long Value => Interlocked.Read(ref s_count);

    public static void Add() => Interlocked.Increment(ref s_count);
}
