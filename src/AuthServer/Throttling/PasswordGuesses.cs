using System.Net;

namespace AuthServer.Throttling;

/// <summary>What became of one password guess (a login, or the current password of a password change).</summary>
internal enum GuessOutcome
{
    Verified,
    Wrong,
    Limited,
    Busy,
}

/// <summary>What became of a guess, and what a verified one produced (<typeparamref name="T"/>: the verified user, a password change).</summary>
internal readonly record struct GuessResult<T>(GuessOutcome Outcome, T? Verified = null, TimeSpan RetryAfter = default)
    where T : class;

/// <summary>
/// Every password guess goes through the same steps: the limits are read (nothing counted), a hashing permit is
/// taken (or 503), the attempt is counted, the password checked, and a wrong one counted as a failure. Counting only
/// once hashing may start keeps what a flood can put into the counts bounded by what the server can hash.
/// </summary>
internal sealed class PasswordGuesses(LoginThrottle throttle, PasswordHashGate gate)
{
    /// <summary><paramref name="verify"/> checks the password under the permit (and may hash again: a rehash, a new password); null when wrong.</summary>
    public async Task<GuessResult<T>> TryAsync<T>(IPAddress? client, string username, Func<Task<T?>> verify, CancellationToken cancellationToken)
        where T : class
    {
        if (await throttle.CheckGuessAsync(client, username) is { } limited)
        {
            return new GuessResult<T>(GuessOutcome.Limited, RetryAfter: limited);
        }

        using var hashing = await gate.EnterAsync(cancellationToken);
        if (hashing is null)
        {
            return new GuessResult<T>(GuessOutcome.Busy);
        }

        if (await throttle.TryCountGuessAsync(client, username) is { } raced)
        {
            return new GuessResult<T>(GuessOutcome.Limited, RetryAfter: raced);
        }

        if (await verify() is { } verified)
        {
            return new GuessResult<T>(GuessOutcome.Verified, verified);
        }

        await throttle.RecordFailureAsync(client, username);
        return new GuessResult<T>(GuessOutcome.Wrong);
    }
}
