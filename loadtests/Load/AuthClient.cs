using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadTests.Load;

/// <summary>The token response of POST /auth/login and /auth/refresh (CONTRACT.md).</summary>
public sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] double ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("strategy")] string? Strategy);

/// <summary>GET /auth/strategy.</summary>
public sealed record StrategyInfo(
    [property: JsonPropertyName("strategy")] string Strategy,
    [property: JsonPropertyName("revocable")] bool Revocable,
    [property: JsonPropertyName("refresh_tokens")] bool RefreshTokens,
    [property: JsonPropertyName("needs_redis")] bool NeedsRedis,
    [property: JsonPropertyName("access_token_lifetime_seconds")] double AccessTokenLifetimeSeconds);

/// <summary>A thin client for the contract's endpoints over one pooled SocketsHttpHandler.</summary>
public sealed class AuthClient : IDisposable
{
    private readonly HttpClient _http;

    public AuthClient(Uri baseUrl, int maxConnections = 64, TimeSpan? timeout = null)
    {
        SocketsHttpHandler handler = new()
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = baseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl => _http.BaseAddress!;

    public static (string Username, string Password) NewUser(string prefix = "lt") =>
        ($"{prefix}-{Guid.NewGuid():N}"[..24], "loadtest-password-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Setup, not measured: a 503 with Retry-After (every password-hashing permit taken) is waited out, as a client should.</summary>
    public async Task<HttpStatusCode> RegisterAsync(string username, string password, CancellationToken ct = default)
    {
        using HttpResponseMessage r = await PostRetryingAsync("/auth/register", new { username, password }, ct);
        return r.StatusCode;
    }

    public async Task<(HttpStatusCode Status, TokenResponse? Token)> LoginAsync(string username, string password, CancellationToken ct = default)
    {
        using HttpResponseMessage r = await _http.PostAsJsonAsync("/auth/login", new { username, password }, ct);
        return (r.StatusCode, r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<TokenResponse>(ct) : null);
    }

    /// <summary>Registers a fresh user and logs in; throws with the status when either fails.</summary>
    public async Task<(string Username, string Password, TokenResponse Token)> NewSessionAsync(CancellationToken ct = default)
    {
        (string u, string p) = NewUser();
        HttpStatusCode reg = await RegisterAsync(u, p, ct);
        if (reg != HttpStatusCode.Created && reg != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"POST /auth/register answered {(int)reg}", null, reg);
        }

        using HttpResponseMessage login = await PostRetryingAsync("/auth/login", new { username = u, password = p }, ct);
        TokenResponse? token = login.IsSuccessStatusCode ? await login.Content.ReadFromJsonAsync<TokenResponse>(ct) : null;
        return token is null
            ? throw new HttpRequestException($"POST /auth/login answered {(int)login.StatusCode}", null, login.StatusCode)
            : (u, p, token);
    }

    // Up to ten tries, each after the Retry-After of a 503 (bounded hashing sheds with it); any other answer is returned.
    private async Task<HttpResponseMessage> PostRetryingAsync<T>(string path, T body, CancellationToken ct)
    {
        for (int attempt = 1; ; attempt++)
        {
            HttpResponseMessage r = await _http.PostAsJsonAsync(path, body, ct);
            if (r.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == 10 || r.Headers.RetryAfter?.Delta is not { } wait)
            {
                return r;
            }

            r.Dispose();
            await Task.Delay(wait, ct);
        }
    }

    public async Task<(HttpStatusCode Status, TokenResponse? Token)> RefreshAsync(string refreshToken, CancellationToken ct = default)
    {
        using HttpResponseMessage r = await _http.PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshToken }, ct);
        return (r.StatusCode, r.IsSuccessStatusCode ? await r.Content.ReadFromJsonAsync<TokenResponse>(ct) : null);
    }

    public async Task<HttpStatusCode> LogoutAsync(string accessToken, CancellationToken ct = default)
    {
        using HttpRequestMessage req = new(HttpMethod.Post, "/auth/logout");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using HttpResponseMessage r = await _http.SendAsync(req, ct);
        return r.StatusCode;
    }

    /// <summary>RFC 7009 <c>POST /auth/revoke</c>: 200 for any token; a genuine access token is revoked (again).</summary>
    public async Task<HttpStatusCode> RevokeAsync(string token, CancellationToken ct = default)
    {
        using FormUrlEncodedContent form = new(new Dictionary<string, string> { ["token"] = token });
        using HttpResponseMessage r = await _http.PostAsync("/auth/revoke", form, ct);
        return r.StatusCode;
    }

    public async Task<HttpStatusCode> ProfileAsync(string accessToken, CancellationToken ct = default)
    {
        using HttpRequestMessage req = new(HttpMethod.Get, "/profile");
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using HttpResponseMessage r = await _http.SendAsync(req, HttpCompletionOption.ResponseContentRead, ct);
        return r.StatusCode;
    }

    /// <summary>GET <paramref name="path"/> with the bearer credential (an endpoint of this server or of a service trusting it).</summary>
    public async Task<HttpStatusCode> GetAsync(string path, string accessToken, CancellationToken ct = default)
    {
        using HttpRequestMessage req = new(HttpMethod.Get, path);
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using HttpResponseMessage r = await _http.SendAsync(req, HttpCompletionOption.ResponseContentRead, ct);
        return r.StatusCode;
    }

    public async Task<StrategyInfo?> StrategyAsync(CancellationToken ct = default)
    {
        try
        {
            return await _http.GetFromJsonAsync<StrategyInfo>("/auth/strategy", ct);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
