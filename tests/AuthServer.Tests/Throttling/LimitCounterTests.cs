using System.Security.Cryptography;
using AuthServer.Strategies.Persistence;
using AuthServer.Tests.Infrastructure;
using AuthServer.Throttling;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Throttling;

/// <summary>
/// The in-process counts: fixed memory under millions of distinct usernames, and no way for a flood of new names to
/// reset a victim's count (nothing is evicted; a shared bucket only ever counts too much).
/// </summary>
[Collection(TimingSensitive.Name)] // alone: the memory check reads the whole process's heap
public sealed class LimitCounterTests
{
    private static readonly SlidingLimit Attempts = new("login", 10, TimeSpan.FromMinutes(1));
    private static readonly SlidingLimit AccountFailures = new("account-failures", 100, TimeSpan.FromHours(1));

    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
    private readonly LimitBuckets buckets;
    private readonly LocalLimitCounter counter;

    public LimitCounterTests()
    {
        var secrets = new ServerSecrets();
        secrets.Load(RandomNumberGenerator.GetBytes(32));
        buckets = new LimitBuckets(secrets);
        counter = new LocalLimitCounter(time);
    }

    [Fact]
    public void AMillionDistinctUsernames_LeaveTheMemoryWhereItWas()
    {
        Hit(Attempts, "warm-up", LimitMode.Add);
        var held = counter.BytesHeld;
        var before = GC.GetTotalMemory(forceFullCollection: true);

        for (var i = 0; i < 1_000_000; i++)
        {
            Hit(Attempts, $"203.0.113.9\nUSER-{i}", LimitMode.Acquire);
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(held, counter.BytesHeld);
        // A structure with an entry per subject would hold ~100 MB here; 2 MB leaves room for the runtime's own noise.
        Assert.True(after - before < 2 * 1024 * 1024, $"retained {after - before} bytes after a million distinct subjects");
        Assert.Equal(7L * LocalLimitCounter.Buckets * sizeof(int), held);
    }

    [Fact]
    public void AVictimAtTheLimit_StaysLimited_HoweverManyOtherNamesFollow()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.True(Hit(Attempts, "victim", LimitMode.Acquire).Counted);
        }

        for (var i = 0; i < 500_000; i++)
        {
            Hit(Attempts, $"flood-{i}", LimitMode.Acquire);
        }

        var state = Hit(Attempts, "victim", LimitMode.Acquire);
        Assert.False(state.Counted);
        Assert.InRange(state.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(70));
    }

    [Fact]
    public void Counts_NeverFallBelowWhatWasCounted_AndAreExactWithoutCollisions()
    {
        var subjects = Enumerable.Range(0, 300).Select(i => $"USER-{i}").ToArray();
        var expected = new Dictionary<string, int>();
        foreach (var subject in subjects)
        {
            var times = Random.Shared.Next(1, 5);
            for (var i = 0; i < times; i++)
            {
                Hit(AccountFailures, subject, LimitMode.Add);
            }

            expected[subject] = times;
        }

        var byBucket = subjects.GroupBy(s => buckets.Hash(AccountFailures, s) % LocalLimitCounter.Buckets).ToDictionary(g => g.Key, g => g.Sum(s => expected[s]));
        foreach (var subject in subjects)
        {
            var total = Hit(AccountFailures, subject, LimitMode.Peek).Total;
            Assert.True(total >= expected[subject]);
            Assert.Equal(byBucket[buckets.Hash(AccountFailures, subject) % LocalLimitCounter.Buckets], total);
        }
    }

    [Fact]
    public void TheLimitHoldsOverEveryRollingWindow_AndCountsExpireSegmentBySegment()
    {
        // Ten attempts spread over the window: the eleventh is refused at any moment inside it.
        for (var i = 0; i < 10; i++)
        {
            Assert.True(Hit(Attempts, "rolling", LimitMode.Acquire).Counted);
            time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.False(Hit(Attempts, "rolling", LimitMode.Acquire).Counted);

        // A minute after the first attempt at the latest plus one segment, its count is gone and one more is allowed.
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(Hit(Attempts, "rolling", LimitMode.Acquire).Counted);
        time.Advance(TimeSpan.FromSeconds(71));
        Assert.Equal(0, Hit(Attempts, "rolling", LimitMode.Peek).Total);
    }

    [Fact]
    public void AtTheFloodOneInstanceCanHash_AnInnocentAccountIsAlmostNeverLimited()
    {
        // 2 cores hash about 20 passwords a second: 72,000 failures in an hour, each for a different name.
        for (var i = 0; i < 72_000; i++)
        {
            Hit(AccountFailures, $"FLOOD-{i}", LimitMode.Add);
        }

        var limited = Enumerable.Range(0, 10_000).Count(i => Hit(AccountFailures, $"INNOCENT-{i}", LimitMode.Peek).Total >= AccountFailures.Permits);
        Assert.Equal(0, limited);
    }

    private LimitState Hit(SlidingLimit limit, string subject, LimitMode mode) => counter.Hit(limit, buckets.Hash(limit, subject), mode);
}
