using AuthServer.Strategies.Abstractions;

namespace AuthServer.Endpoints;

internal static class TokenResponses
{
    /// <summary>RFC 6749 §5.1: a response with a credential in it is stored by no cache, HTTP/1.0 ones included.</summary>
    public static void NeverCache(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
    }

    public static TokenResponse From(IssuedCredentials credentials, StrategyInfo info) => new(
        credentials.AccessToken,
        "Bearer",
        (long)credentials.ExpiresIn.TotalSeconds,
        info.Name,
        credentials.RefreshToken,
        credentials.RefreshExpiresIn is { } refresh ? (long)refresh.TotalSeconds : null);
}
