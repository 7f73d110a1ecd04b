using System.Collections.Concurrent;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// This instance's copy of every revocation still in force: revoked token ids until their <c>exp</c>, and per-user
/// cutoffs until the last token they cover has expired. Fed by <see cref="RevocationSync"/>; read on every request
/// without a Redis round trip. Entries are only ever added (a revocation is never undone) and forgotten once expired.
/// </summary>
internal sealed class RevocationList(TimeProvider time, IOptions<AuthOptions> auth, IOptions<JwtOptions> jwt)
{
    private readonly ConcurrentDictionary<string, long> tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> cutoffs = new(StringComparer.Ordinal);
    private volatile bool inSync;
    private int generation;

    /// <summary>A token is accepted up to <c>exp</c> plus this skew, so its revocation is kept that long too.</summary>
    public long SkewSeconds { get; } = (long)Math.Ceiling(jwt.Value.ClockSkew.TotalSeconds);

    /// <summary>How long a cutoff matters: the longest an access token lives, plus the skew.</summary>
    public long CutoffLifetimeSeconds { get; } = (long)Math.Ceiling(auth.Value.EffectiveAccessTokenLifetime.TotalSeconds) + (long)Math.Ceiling(jwt.Value.ClockSkew.TotalSeconds);

    /// <summary>True while the list holds everything Redis holds and pub/sub is delivering; false from a disconnect until the next full resync.</summary>
    public bool InSync => inSync;

    public int TokenCount => tokens.Count;

    public int CutoffCount => cutoffs.Count;

    public long Now => time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>Whether the token was revoked by id, or by a cutoff at or after the second it was issued in.</summary>
    public RevocationReason Check(string? tokenId, string? userId, long issuedAt)
    {
        if (tokenId is not null && tokens.ContainsKey(tokenId))
        {
            return RevocationReason.Token;
        }

        return userId is not null && cutoffs.TryGetValue(userId, out var cutoff) && issuedAt <= cutoff
            ? RevocationReason.User
            : RevocationReason.None;
    }

    public long? CutoffFor(string userId) => cutoffs.TryGetValue(userId, out var cutoff) ? cutoff : null;

    public void AddToken(string tokenId, long expiresAt)
    {
        if (expiresAt + SkewSeconds >= Now)
        {
            tokens.AddOrUpdate(tokenId, expiresAt, (_, known) => Math.Max(known, expiresAt));
        }
    }

    public void AddCutoff(string userId, long cutoff)
    {
        if (cutoff + CutoffLifetimeSeconds >= Now)
        {
            cutoffs.AddOrUpdate(userId, cutoff, (_, known) => Math.Max(known, cutoff));
        }
    }

    /// <summary>Bumped by every loss of sync; a resync that started before the last bump does not count.</summary>
    public int Generation => Volatile.Read(ref generation);

    /// <summary>True when the list went from out of sync to in sync.</summary>
    public bool TryMarkInSync(int generationAtStart)
    {
        if (Generation != generationAtStart || inSync)
        {
            return false;
        }

        inSync = true;
        // A disconnect may have landed between the check and the write: then stay out of sync.
        if (Generation != generationAtStart)
        {
            inSync = false;
            return false;
        }

        return true;
    }

    /// <summary>True when the list was in sync until now.</summary>
    public bool MarkOutOfSync()
    {
        Interlocked.Increment(ref generation);
        var was = inSync;
        inSync = false;
        return was;
    }

    /// <summary>Forgets what can no longer matter; memory stays bounded by the tokens still alive.</summary>
    public int Prune()
    {
        var now = Now;
        var removed = 0;
        foreach (var (id, exp) in tokens)
        {
            if (exp + SkewSeconds < now && tokens.TryRemove(new KeyValuePair<string, long>(id, exp)))
            {
                removed++;
            }
        }

        foreach (var (user, cutoff) in cutoffs)
        {
            if (cutoff + CutoffLifetimeSeconds < now && cutoffs.TryRemove(new KeyValuePair<string, long>(user, cutoff)))
            {
                removed++;
            }
        }

        return removed;
    }

    public IReadOnlyList<KeyValuePair<string, long>> Tokens => [.. tokens];

    public IReadOnlyList<KeyValuePair<string, long>> Cutoffs => [.. cutoffs];
}

internal enum RevocationReason
{
    None,
    Token,
    User,
}
