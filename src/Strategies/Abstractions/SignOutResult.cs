namespace AuthServer.Strategies.Abstractions;

/// <summary>Answer to a logout: whether anything was revoked, and until when the access credential still works.</summary>
public sealed record SignOutResult(bool Revoked, DateTimeOffset AccessTokenValidUntil);
