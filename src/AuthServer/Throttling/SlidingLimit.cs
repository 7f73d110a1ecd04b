namespace AuthServer.Throttling;

/// <summary>
/// One limit: at most <see cref="Permits"/> events per <see cref="Window"/> for one subject. Counts are kept per segment
/// (a sixth of the window) and the current segment plus the six before it are summed, so any window-long span ending
/// now is inside what is counted: the limit holds over every rolling window, at the price of remembering up to one
/// segment longer.
/// </summary>
internal sealed record SlidingLimit(string Name, int Permits, TimeSpan Window)
{
    public const int SegmentsPerWindow = 6;

    /// <summary>Segments summed: the current one and a full window before it.</summary>
    public const int SegmentsCounted = SegmentsPerWindow + 1;

    public long SegmentMilliseconds => (long)Window.TotalMilliseconds / SegmentsPerWindow;

    public long SegmentAt(DateTimeOffset now) => now.ToUnixTimeMilliseconds() / SegmentMilliseconds;

    /// <summary>How long until the counts of <paramref name="oldestSegment"/> stop being counted; at least a second.</summary>
    public TimeSpan RetryAfter(long oldestSegment, DateTimeOffset now)
    {
        var freedAt = (oldestSegment + SegmentsCounted) * SegmentMilliseconds;
        return TimeSpan.FromMilliseconds(Math.Max(1000, freedAt - now.ToUnixTimeMilliseconds()));
    }
}

internal enum LimitMode
{
    /// <summary>Only read the count.</summary>
    Peek,

    /// <summary>Count one event if the count is below the permits.</summary>
    Acquire,

    /// <summary>Count one event whatever the count (it happened: a failed login).</summary>
    Add,
}

/// <summary>A limit's count for one subject after a call; <see cref="RetryAfter"/> matters once the permits are used.</summary>
internal readonly record struct LimitState(bool Counted, long Total, TimeSpan RetryAfter);
