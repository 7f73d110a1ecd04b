using AuthServer.Strategies.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// Every database call a request waits for goes through here, so that a hung PostgreSQL is a 503 within a second.
/// Npgsql cannot give up that fast on a server that accepts connections but never answers: its timeouts count whole
/// seconds, opening a connection does not heed the cancellation token, and a timed-out or cancelled statement first
/// sends PostgreSQL's cancel request over a new connection, synchronously (measured here: 3.0 s after the statement was
/// sent, 2.5 s when a token cancelled it at 0.5 s, 1.0 s to fail an open). So a call runs in a DI scope of its own, and
/// the request stops waiting once PostgreSQL has answered nothing, neither another call of this instance nor a
/// <c>SELECT 1</c> ping sent when things went quiet, for <see cref="PostgresOptions.HangTimeout"/>: a slow call while
/// the server answers (a lock wait, a cold query, a burst of new connections on a busy host) is slowness, not a hang,
/// and keeps Npgsql's own timeouts. The call is left to end by itself in the background before its scope is disposed;
/// later calls give up at once while the ping waits, and a refused connection or a failed ping opens <see
/// cref="DatabaseBreaker"/>. SQLite, a local file, fails fast by itself: its calls get a scope of their own too, but no
/// deadline and no breaker.
/// </summary>
internal sealed class DatabaseGuard(
    AuthDatabase database,
    IServiceScopeFactory scopes,
    SqliteWriteGate sqliteWrites,
    DatabaseBreaker breaker,
    IOptions<PostgresOptions> options,
    ILogger<DatabaseGuard> logger)
{
    private const string StoreName = "postgres";

    /// <summary>
    /// The wall clock, not the host's TimeProvider: these waits race real sockets, and a test that moves its clock must
    /// neither fire them nor stop the probe.
    /// </summary>
    internal static readonly TimeProvider Clock = TimeProvider.System;

    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    /// <summary>True from a hang or a refused connection until a probe gets an answer again.</summary>
    public bool IsDown => breaker.IsOpen;

    /// <summary>
    /// Runs <paramref name="call"/> on <typeparamref name="TService"/> from a scope of its own. On PostgreSQL a call that
    /// outlives the wait is not cancelled (that would block on the cancel request above) but left to finish or fail by
    /// itself. What it did is then what one statement did: committed or not (see docs/scaling.md).
    /// </summary>
    public async Task<T> CallAsync<TService, T>(Func<TService, Task<T>> call, CancellationToken cancellationToken)
        where TService : notnull
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!database.IsPostgres)
        {
            await using var inline = scopes.CreateAsyncScope();
            return await call(inline.ServiceProvider.GetRequiredService<TService>());
        }

        if (IsDown)
        {
            throw Unavailable("PostgreSQL is not answering; waiting for it to come back.");
        }

        var running = RunInOwnScopeAsync(call);
        try
        {
            var timeout = options.Value.HangTimeout;
            var nudge = timeout / 10;
            while (true)
            {
                // Nothing heard for a moment (an idle instance: at once): ask whether the server is there at all. If it
                // answers, this call is only slow.
                var heard = breaker.LastAnswer;
                var silent = heard == 0 ? TimeSpan.MaxValue : Clock.GetElapsedTime(heard);
                if (silent >= nudge)
                {
                    breaker.Ping(spacing: nudge);
                }

                // Hung: the server has answered nothing for the whole timeout, and a ping sent when it went quiet has
                // waited all the rest of it (or failed). Our own work (a cold query, a busy thread pool) can slow this
                // call down, not leave the ping unanswered. Later calls give up at once, until the ping gets its answer.
                var ping = breaker.PingStarted;
                var unanswered = ping == 0 ? TimeSpan.Zero : Clock.GetElapsedTime(ping);
                if (silent >= timeout && (unanswered >= timeout - nudge || breaker.PingRefused > heard))
                {
                    throw Unavailable("PostgreSQL did not answer in time.");
                }

                var wait = silent < nudge ? nudge - silent : Max(timeout - silent, timeout - nudge - unanswered);
                try
                {
                    return await running.WaitAsync(Max(wait, MinimumWait), Clock, cancellationToken);
                }
                catch (TimeoutException)
                {
                    // Look again (the ping or another call may have had an answer meanwhile), unless the call ended as the
                    // wait ran out: then its own outcome.
                    if (running.IsCompleted)
                    {
                        return await running;
                    }
                }
            }
        }
        catch (Exception ex) when (running.IsCompleted && DatabaseFailures.IsOutage(ex))
        {
            breaker.Trip($"{ex.GetType().Name}: {ex.Message}");
            throw;
        }
        finally
        {
            if (!running.IsCompleted)
            {
                _ = ObserveAsync(running);
            }
        }
    }

    /// <inheritdoc cref="CallAsync{TService, T}"/>
    public Task CallAsync<TService>(Func<TService, Task> call, CancellationToken cancellationToken)
        where TService : notnull =>
        CallAsync<TService, bool>(async service =>
        {
            await call(service);
            return true;
        }, cancellationToken);

    /// <summary>
    /// A call that writes. On SQLite it first takes <see cref="SqliteWriteGate"/> (one writer at a time in this process, as
    /// the file allows), so every write a request makes waits in one queue instead of sleeping on a busy file.
    /// </summary>
    public async Task<T> WriteAsync<TService, T>(Func<TService, Task<T>> call, CancellationToken cancellationToken)
        where TService : notnull
    {
        if (database.IsPostgres)
        {
            return await CallAsync(call, cancellationToken);
        }

        using var gate = await sqliteWrites.EnterAsync(cancellationToken);
        return await CallAsync(call, cancellationToken);
    }

    /// <inheritdoc cref="WriteAsync{TService, T}"/>
    public Task WriteAsync<TService>(Func<TService, Task> call, CancellationToken cancellationToken)
        where TService : notnull =>
        WriteAsync<TService, bool>(async service =>
        {
            await call(service);
            return true;
        }, cancellationToken);

    private async Task<T> RunInOwnScopeAsync<TService, T>(Func<TService, Task<T>> call)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var result = await call(scope.ServiceProvider.GetRequiredService<TService>());
            breaker.Answered();
            return result;
        }
        catch (Exception ex) when (!DatabaseFailures.IsOutage(ex) && !DatabaseFailures.IsTimeout(ex))
        {
            // Refused (a unique key, a full disk) is still an answer: the server is there.
            breaker.Answered();
            throw;
        }
    }

    // A call the request stopped waiting for: its late outcome is old news (the probe decides about the breaker).
    private async Task ObserveAsync(Task running)
    {
        try
        {
            await running;
        }
        catch (Exception ex)
        {
            PersistenceLog.AbandonedCallEnded(logger, ex);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static StoreUnavailableException Unavailable(string message) => new(message) { Store = StoreName };
}
