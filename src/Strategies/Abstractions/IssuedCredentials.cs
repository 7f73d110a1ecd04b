namespace AuthServer.Strategies.Abstractions;

/// <summary>What a successful sign-in or refresh hands to the client.</summary>
public sealed record IssuedCredentials(
    string AccessToken,
    TimeSpan ExpiresIn,
    string? RefreshToken = null,
    TimeSpan? RefreshExpiresIn = null);
