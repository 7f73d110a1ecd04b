namespace AuthServer.Strategies.Sessions;

/// <summary>One session as stored in its Redis hash; times are Unix milliseconds.</summary>
internal sealed record SessionRecord(string UserId, string Username, IReadOnlyList<string> Roles, long CreatedAt, long LastSeenAt)
{
    public DateTimeOffset Created => DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt);

    public DateTimeOffset LastSeen => DateTimeOffset.FromUnixTimeMilliseconds(LastSeenAt);
}
