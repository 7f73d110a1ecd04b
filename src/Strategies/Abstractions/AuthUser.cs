namespace AuthServer.Strategies.Abstractions;

/// <summary>A user as strategies see it: no password, just who they are.</summary>
public sealed record AuthUser(string Id, string Username, IReadOnlyList<string> Roles);
