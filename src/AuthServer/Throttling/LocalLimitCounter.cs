namespace AuthServer.Throttling;

/// <summary>
/// This instance's counts, in fixed memory however many subjects there are: a subject is counted in one of
/// <see cref="Buckets"/> buckets, picked by a keyed hash (<see cref="LimitBuckets"/>), per segment of the window. Two
/// subjects in one bucket share a count, so a collision only ever counts too much, never too little: a flood of new
/// names cannot push a victim's count out (there is nothing to evict), and an attacker cannot aim at a victim's
/// bucket without the key. A bucket fills by chance only when the counted events are many times the buckets.
/// </summary>
internal sealed class LocalLimitCounter(TimeProvider time)
{
    /// <summary>Buckets per limit: 7 segments x 16,384 x 4 bytes = 448 KiB per limit, allocated on its first use.</summary>
    public const int Buckets = 16_384;

    private readonly Dictionary<string, Counts> limits = new(StringComparer.Ordinal);
    private readonly Lock registry = new();

    /// <summary>Bytes held for counts, whatever was counted: for tests and the docs.</summary>
    public long BytesHeld
    {
        get
        {
            lock (registry)
            {
                return limits.Count * (long)SlidingLimit.SegmentsCounted * Buckets * sizeof(int);
            }
        }
    }

    public LimitState Hit(SlidingLimit limit, ulong subjectHash, LimitMode mode)
    {
        var now = time.GetUtcNow();
        var (counted, total, oldest) = CountsFor(limit).Hit((int)(subjectHash % Buckets), limit.SegmentAt(now), mode, limit.Permits);
        return new LimitState(counted, total, limit.RetryAfter(oldest, now));
    }

    private Counts CountsFor(SlidingLimit limit)
    {
        lock (registry)
        {
            if (!limits.TryGetValue(limit.Name, out var counts))
            {
                counts = new Counts();
                limits[limit.Name] = counts;
            }

            return counts;
        }
    }

    /// <summary>One limit's ring of segments; a lock per limit (logins are few next to what a lock costs).</summary>
    private sealed class Counts
    {
        private readonly int[][] segments = [.. Enumerable.Range(0, SlidingLimit.SegmentsCounted).Select(_ => new int[Buckets])];
        private readonly Lock gate = new();
        private long current = -1;

        public (bool Counted, long Total, long Oldest) Hit(int bucket, long segment, LimitMode mode, int permits)
        {
            lock (gate)
            {
                // A clock that steps back counts into the newest segment rather than reviving old ones.
                segment = Math.Max(segment, current);
                Advance(segment);
                long total = 0;
                var oldest = segment;
                for (var s = segment - SlidingLimit.SegmentsCounted + 1; s <= segment; s++)
                {
                    var count = segments[Slot(s)][bucket];
                    if (count > 0)
                    {
                        total += count;
                        oldest = Math.Min(oldest, s);
                    }
                }

                var counted = mode == LimitMode.Add || (mode == LimitMode.Acquire && total < permits);
                if (counted)
                {
                    ref var slot = ref segments[Slot(segment)][bucket];
                    slot = slot == int.MaxValue ? slot : slot + 1;
                    total++;
                }

                return (counted, total, oldest);
            }
        }

        private void Advance(long segment)
        {
            if (segment == current)
            {
                return;
            }

            // Clear the slots the new segments reuse: at most the whole ring.
            var from = current < 0 ? segment - SlidingLimit.SegmentsCounted + 1 : Math.Max(current + 1, segment - SlidingLimit.SegmentsCounted + 1);
            for (var s = from; s <= segment; s++)
            {
                Array.Clear(segments[Slot(s)]);
            }

            current = segment;
        }

        private static int Slot(long segment) => (int)(segment % SlidingLimit.SegmentsCounted);
    }
}
