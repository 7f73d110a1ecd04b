using System.Net;
using AuthServer.Users;
using Microsoft.Extensions.Options;

namespace AuthServer.Throttling;

/// <summary>
/// The limits on password guesses, together (OWASP ASVS v4 2.2.1, v5 6.3): attempts per address and username, failures
/// per address whatever the usernames (spraying), failures per account whatever the addresses (a distributed guess),
/// and registrations per address. Unknown and existing usernames are counted alike, so the limits tell nothing.
/// </summary>
internal sealed class LoginThrottle(LimitCounters counters, IOptions<RateLimitingOptions> options)
{
    private readonly SlidingLimit attempts = new("login", options.Value.LoginPermitLimit, TimeSpan.FromMinutes(1));
    private readonly SlidingLimit addressFailures = new("address-failures", options.Value.AddressFailureLimit, TimeSpan.FromMinutes(1));
    private readonly SlidingLimit accountFailures = new("account-failures", options.Value.AccountFailureLimit, TimeSpan.FromHours(1));
    private readonly SlidingLimit registrations = new("register", options.Value.RegisterPermitLimit, TimeSpan.FromHours(1));

    /// <summary>Before any work: null when a password may be tried, else how long to wait. Counts nothing.</summary>
    public async ValueTask<TimeSpan?> CheckGuessAsync(IPAddress? client, string username)
    {
        var (address, account) = Subjects(client, username);
        var states = await Task.WhenAll(
            counters.HitAsync(attempts, address + "\n" + account, LimitMode.Peek).AsTask(),
            counters.HitAsync(addressFailures, address, LimitMode.Peek).AsTask(),
            counters.HitAsync(accountFailures, account, LimitMode.Peek).AsTask());
        return Exceeded(states[0], attempts) ?? Exceeded(states[1], addressFailures) ?? Exceeded(states[2], accountFailures);
    }

    /// <summary>Counts the attempt once hashing is about to start; null when it may go ahead.</summary>
    public async ValueTask<TimeSpan?> TryCountGuessAsync(IPAddress? client, string username)
    {
        var (address, account) = Subjects(client, username);
        var state = await counters.HitAsync(attempts, address + "\n" + account, LimitMode.Acquire);
        return state.Counted ? null : state.RetryAfter;
    }

    /// <summary>A wrong password (or an unknown user): counts against the address and the account.</summary>
    public async ValueTask RecordFailureAsync(IPAddress? client, string username)
    {
        var (address, account) = Subjects(client, username);
        await Task.WhenAll(
            counters.HitAsync(addressFailures, address, LimitMode.Add).AsTask(),
            counters.HitAsync(accountFailures, account, LimitMode.Add).AsTask());
    }

    public async ValueTask<TimeSpan?> CheckRegistrationAsync(IPAddress? client) =>
        Exceeded(await counters.HitAsync(registrations, ClientSubject.Of(client), LimitMode.Peek), registrations);

    public async ValueTask<TimeSpan?> TryCountRegistrationAsync(IPAddress? client)
    {
        var state = await counters.HitAsync(registrations, ClientSubject.Of(client), LimitMode.Acquire);
        return state.Counted ? null : state.RetryAfter;
    }

    private static (string Address, string Account) Subjects(IPAddress? client, string username) =>
        (ClientSubject.Of(client), UsernameRules.Normalize(username));

    private static TimeSpan? Exceeded(LimitState state, SlidingLimit limit) => state.Total >= limit.Permits ? state.RetryAfter : null;
}
