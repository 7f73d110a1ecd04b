using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AuthServer.Revocation;

/// <summary>
/// This instance's copy of every revocation still in force: revoked token ids until their <c>exp</c>, and per-user
/// revocation generations until the last token they cover has expired. Fed by <see cref="RevocationSync"/>; read on
/// every request without a Redis round trip, by the server and by every resource service that trusts it. Entries only ever grow (a revocation is never undone) and are forgotten
/// once expired.
/// </summary>
/// <remarks>
/// A generation is what a logout-all leaves behind: a number, strictly greater than the user's previous one, assigned
/// atomically in Redis (about the Unix millisecond it was made, so it keeps growing after an old one is forgotten).
/// Every token carries the generation in force when it was issued (<c>gen</c>); it is refused once the user's
/// generation is above it. No clock is compared, so neither a shared second nor replicas' clock drift opens a window.
/// </remarks>
internal sealed class RevocationList(TimeProvider time, IOptions<RevocationListOptions> options)
{
    private readonly ConcurrentDictionary<string, long> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> generations = new(StringComparer.Ordinal);
    private volatile bool inSync;
    private int syncEpoch;

    /// <summary>A token is accepted up to <c>exp</c> plus this skew, so its revocation is kept that long too.</summary>
    public long SkewSeconds { get; } = (long)Math.Ceiling(options.Value.ClockSkew.TotalSeconds);

    /// <summary>How long a user's generation matters, in milliseconds: the longest an access token lives, plus the skew.</summary>
    public long GenerationLifetimeMilliseconds { get; } = (long)Math.Ceiling((options.Value.AccessTokenLifetime + options.Value.ClockSkew).TotalMilliseconds);

    /// <summary>True while the list holds everything Redis holds and pub/sub is delivering; false from a disconnect until the next full resync.</summary>
    public bool InSync => inSync;

    public int TokenCount => tokens.Count;

    public int GenerationCount => generations.Count;

    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    public long NowMilliseconds => time.GetUtcNow().ToUnixTimeMilliseconds();

    public bool IsTokenRevoked(string? tokenId) => tokenId is not null && tokens.ContainsKey(tokenId);

    /// <summary>The user's revocation generation: tokens issued under a lower one are refused. Null when none is in force.</summary>
    public long? GenerationFor(string userId) => generations.TryGetValue(userId, out var current) ? current : null;

    public void AddToken(string tokenId, long expiresAt)
    {
        if (expiresAt + SkewSeconds >= Now)
        {
            tokens.AddOrUpdate(tokenId, expiresAt, (_, known) => Math.Max(known, expiresAt));
        }
    }

    public void AddGeneration(string userId, long value)
    {
        if (value + GenerationLifetimeMilliseconds >= NowMilliseconds)
        {
            generations.AddOrUpdate(userId, value, (_, known) => Math.Max(known, value));
        }
    }

    /// <summary>Bumped by every loss of sync; a resync that started before the last bump does not count.</summary>
    public int SyncEpoch => Volatile.Read(ref syncEpoch);

    /// <summary>True when the list went from out of sync to in sync.</summary>
    public bool TryMarkInSync(int epochAtStart)
    {
        if (SyncEpoch != epochAtStart || inSync)
        {
            return false;
        }

        inSync = true;
        // A disconnect may have landed between the check and the write: then stay out of sync.
        if (SyncEpoch != epochAtStart)
        {
            inSync = false;
            return false;
        }

        return true;
    }

    /// <summary>True when the list was in sync until now.</summary>
    public bool MarkOutOfSync()
    {
        Interlocked.Increment(ref syncEpoch);
        var was = inSync;
        inSync = false;
        return was;
    }

    /// <summary>Forgets what can no longer matter; memory stays bounded by the tokens still alive.</summary>
    public int Prune()
    {
        var now = Now;
        var nowMilliseconds = NowMilliseconds;
        var removed = 0;
        foreach (var (id, exp) in tokens)
        {
            if (exp + SkewSeconds < now && tokens.TryRemove(new KeyValuePair<string, long>(id, exp)))
            {
                removed++;
            }
        }

        foreach (var (user, value) in generations)
        {
            if (value + GenerationLifetimeMilliseconds < nowMilliseconds && generations.TryRemove(new KeyValuePair<string, long>(user, value)))
            {
                removed++;
            }
        }

        return removed;
    }

    public IReadOnlyList<KeyValuePair<string, long>> Tokens => [.. tokens];

    public IReadOnlyList<KeyValuePair<string, long>> Generations => [.. generations];
}
