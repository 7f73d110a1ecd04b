namespace AuthServer.Strategies.Sessions;

/// <summary>Where a session lives: its user's slot tag and the SHA-256 of its id.</summary>
internal readonly record struct SessionKey(string Tag, string Hash)
{
    /// <summary>The key of a well-formed session id.</summary>
    public static SessionKey Of(string id) => new(SessionIds.Tag(id), SessionIds.Hash(id));
}
