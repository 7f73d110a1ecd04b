using Microsoft.AspNetCore.Authentication;

namespace AuthServer.Strategies.Sessions;

/// <summary>Lifetimes of a <c>redis-session</c> session; bound from <c>Auth:SessionIdleTimeout</c> and <c>Auth:SessionAbsoluteTimeout</c>.</summary>
public sealed class SessionAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>A session unused this long expires (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session expires this long after sign-in, however busy.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Sliding the expiry writes to Redis only once this share of the idle window has passed since the last write,
    /// so a busy session costs a read per request, not a write: a session then ends between
    /// (1 - fraction) × idle and idle after its last use.
    /// </summary>
    public double SlidingWriteFraction { get; set; } = 0.1;

    public TimeSpan SlidingWriteInterval => IdleTimeout * SlidingWriteFraction;

    /// <summary>When the session stops working unless used again (Unix-second precision is the caller's).</summary>
    internal DateTimeOffset ExpiresAt(SessionRecord session)
    {
        var idle = session.LastSeen + IdleTimeout;
        var absolute = session.Created + AbsoluteTimeout;
        return idle < absolute ? idle : absolute;
    }

    internal bool IsExpired(SessionRecord session, DateTimeOffset now) => now >= ExpiresAt(session);

    internal bool NeedsSlidingWrite(SessionRecord session, DateTimeOffset now) => now - session.LastSeen >= SlidingWriteInterval;

    /// <summary>The Redis TTL for a session last seen at <paramref name="now"/>.</summary>
    internal TimeSpan TimeToLive(SessionRecord session, DateTimeOffset now) => ExpiresAt(session with { LastSeenAt = now.ToUnixTimeMilliseconds() }) - now;

    // The lifetimes come from Auth:Session*, validated there (AuthOptionsValidator, naming the keys); this is the one
    // value no setting carries.
    public override void Validate()
    {
        base.Validate();
        if (SlidingWriteFraction is <= 0 or > 0.5)
        {
            throw new ArgumentException("The sliding write fraction must be in (0, 0.5].");
        }
    }
}
