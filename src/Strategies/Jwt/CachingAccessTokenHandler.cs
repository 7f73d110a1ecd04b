using System.Collections.Concurrent;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// Remembers tokens it has fully validated, keyed by the exact token text, until they expire (as Envoy's jwt_authn
/// cache does), together with the principal and ticket built from them. A hit skips parsing, the signature check and
/// building claims, not the lifetime check; the revocation check still runs afterwards in the authentication handler.
/// Bounded: past the capacity it just validates.
/// </summary>
internal sealed class CachingAccessTokenHandler(TimeProvider time) : JsonWebTokenHandler
{
    internal const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, ValidatedAccessToken> cache = new(StringComparer.Ordinal);
    private long lastSweep;

    internal int Count => cache.Count;

    /// <summary>The validated token (from the cache when possible) or why it was refused.</summary>
    public ValueTask<AccessTokenCheck> ValidateAccessTokenAsync(string token, TokenValidationParameters parameters) =>
        ValidateAccessTokenAsync(token.AsSpan(), parameters);

    /// <summary>The same, looked up by the header's characters: a hit allocates no copy of the token.</summary>
    public ValueTask<AccessTokenCheck> ValidateAccessTokenAsync(ReadOnlySpan<char> token, TokenValidationParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var now = time.GetUtcNow().UtcDateTime;
        var lookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(token, out var cached))
        {
            if (now <= cached.ValidUntil)
            {
                return new(new AccessTokenCheck(cached, null));
            }

            lookup.TryRemove(token, out _);
        }

        return ValidateAndRememberAsync(token.ToString(), parameters, now);
    }

    private async ValueTask<AccessTokenCheck> ValidateAndRememberAsync(string token, TokenValidationParameters parameters, DateTime now)
    {
        var result = await ValidateTokenAsync(token, parameters);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt)
        {
            return new(null, result.Exception ?? new SecurityTokenValidationException("the token is invalid"));
        }

        AuthenticatedPrincipal principal;
        try
        {
            principal = new AuthenticatedPrincipal(result.ClaimsIdentity);
        }
        catch (InvalidOperationException missing)
        {
            // Signed with a key of ours yet without sub or exp: refused like any other bad token, never a 500.
            return new(null, new SecurityTokenValidationException(missing.Message));
        }

        var validated = new ValidatedAccessToken(jwt, principal, new AuthenticationTicket(principal, AuthSchemes.Bearer), jwt.ValidTo + parameters.ClockSkew);
        Remember(token, validated, now);
        return new(validated, null);
    }

    private void Remember(string token, ValidatedAccessToken validated, DateTime now)
    {
        if (cache.Count >= Capacity)
        {
            Sweep(now);
            if (cache.Count >= Capacity)
            {
                return;
            }
        }

        cache[token] = validated;
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
}

/// <summary>A token that passed validation, with what requests presenting it share: read-only.</summary>
internal sealed record ValidatedAccessToken(JsonWebToken Token, AuthenticatedPrincipal Principal, AuthenticationTicket Ticket, DateTime ValidUntil)
{
    /// <summary>The completed answer, shared by every request that presents this token.</summary>
    public Task<AuthenticateResult> Succeeded { get; } = Task.FromResult(AuthenticateResult.Success(Ticket));

    /// <summary>The same answer with a principal and ticket of one request's own, for code that may change them.</summary>
    public AuthenticateResult ForOneRequest() => AuthenticateResult.Success(new AuthenticationTicket(Principal.Copy(), Ticket.AuthenticationScheme));
}

/// <summary>Either the validated token or the failure, without throwing on the refusal path.</summary>
internal readonly record struct AccessTokenCheck(ValidatedAccessToken? Valid, Exception? Failure);
