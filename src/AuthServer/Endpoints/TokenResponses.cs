using AuthServer.Strategies.Abstractions;

namespace AuthServer.Endpoints;

internal static class TokenResponses
{
    public static TokenResponse From(IssuedCredentials credentials, StrategyInfo info) => new(
        credentials.AccessToken,
        "Bearer",
        (long)credentials.ExpiresIn.TotalSeconds,
        info.Name,
        credentials.RefreshToken,
        credentials.RefreshExpiresIn is { } refresh ? (long)refresh.TotalSeconds : null);
}
