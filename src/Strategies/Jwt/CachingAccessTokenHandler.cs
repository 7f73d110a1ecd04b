using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// Remembers tokens it has fully validated, keyed by the exact token text, until they expire (as Envoy's
/// jwt_authn cache does). A hit skips parsing and the signature check, not the lifetime check, and the
/// revocation check still runs afterwards in the JwtBearer events. Bounded: past the capacity it just validates.
/// </summary>
internal sealed class CachingAccessTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    internal const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, CachedToken> cache = new(StringComparer.Ordinal);
    private long lastSweep;

    internal int Count => cache.Count;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (cache.TryGetValue(token, out var cached))
        {
            if (now <= cached.ValidUntil)
            {
                return cached.Result;
            }

            cache.TryRemove(token, out _);
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && result.SecurityToken is JsonWebToken jwt)
        {
            Remember(token, result, jwt.ValidTo + validationParameters.ClockSkew, now);
        }

        return result;
    }

    private void Remember(string token, TokenValidationResult result, DateTime validUntil, DateTime now)
    {
        if (cache.Count >= Capacity)
        {
            Sweep(now);
            if (cache.Count >= Capacity)
            {
                return;
            }
        }

        // Claims are built lazily; build them once now so concurrent readers only ever read.
        _ = result.ClaimsIdentity.Claims.Count();
        cache[token] = new CachedToken(result, validUntil);
    }

    // At most once a second, and only when full: the hot path never pays for it.
    private void Sweep(DateTime now)
    {
        var last = Interlocked.Read(ref lastSweep);
        if (now.Ticks - last < TimeSpan.TicksPerSecond || Interlocked.CompareExchange(ref lastSweep, now.Ticks, last) != last)
        {
            return;
        }

        foreach (var (key, value) in cache)
        {
            if (value.ValidUntil < now)
            {
                cache.TryRemove(key, out _);
            }
        }
    }

    private sealed record CachedToken(TokenValidationResult Result, DateTime ValidUntil);
}
