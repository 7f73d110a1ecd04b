using System.Net;
using AuthServer.Strategies.Abstractions;

namespace AuthServer.Throttling;

/// <summary>What became of one password guess (a login, or the current password of a password change).</summary>
internal enum GuessOutcome
{
    Verified,
    Wrong,
    Limited,
    Busy,
}

internal readonly record struct GuessResult(GuessOutcome Outcome, AuthUser? User = null, TimeSpan RetryAfter = default);

/// <summary>
/// Every password guess goes through the same steps: the limits are read (nothing counted), a hashing permit is
/// taken (or 503), the attempt is counted, the password checked, and a wrong one counted as a failure. Counting only
/// once hashing may start keeps what a flood can put into the counts bounded by what the server can hash.
/// </summary>
internal sealed class PasswordGuesses(LoginThrottle throttle, PasswordHashGate gate)
{
    /// <summary><paramref name="verify"/> checks the password under the permit (and may hash again: a rehash, a new password); null when wrong.</summary>
    public async Task<GuessResult> TryAsync(IPAddress? client, string username, Func<Task<AuthUser?>> verify, CancellationToken cancellationToken)
    {
        if (await throttle.CheckGuessAsync(client, username) is { } limited)
        {
            return new GuessResult(GuessOutcome.Limited, RetryAfter: limited);
        }

        using var hashing = await gate.EnterAsync(cancellationToken);
        if (hashing is null)
        {
            return new GuessResult(GuessOutcome.Busy);
        }

        if (await throttle.TryCountGuessAsync(client, username) is { } raced)
        {
            return new GuessResult(GuessOutcome.Limited, RetryAfter: raced);
        }

        if (await verify() is { } user)
        {
            return new GuessResult(GuessOutcome.Verified, user);
        }

        await throttle.RecordFailureAsync(client, username);
        return new GuessResult(GuessOutcome.Wrong);
    }
}
