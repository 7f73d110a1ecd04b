using AuthServer.Strategies.Abstractions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// Every database call a request waits for goes through here, so that a hung PostgreSQL is a 503 within a second.
/// Npgsql cannot give up that fast on a server that accepts connections but never answers: its timeouts count whole
/// seconds, opening a connection does not heed the cancellation token, and a timed-out or cancelled statement first sends
/// PostgreSQL's cancel request over a new connection, synchronously (measured here: 3.0 s after the statement was sent,
/// 2.5 s when a token cancelled it at 0.5 s, 1.0 s to fail an open). So a call runs in a DI scope of its own, the request
/// stops waiting at <see cref="PostgresOptions.OperationTimeout"/>, and the call runs on to Npgsql's own timeouts in the
/// background before its scope is disposed. A timeout or a lost connection opens a breaker: calls answer 503 at once,
/// without touching the pool, until a background probe gets an answer. SQLite, a local file, fails fast by itself: its
/// calls get a scope of their own too, but no deadline and no breaker.
/// </summary>
internal sealed class DatabaseGuard(
    AuthDatabase database,
    IServiceScopeFactory scopes,
    IOptions<PostgresOptions> options,
    TimeProvider time,
    ILogger<DatabaseGuard> logger) : IDisposable
{
    private const string StoreName = "postgres";

    // Short: the breaker should not outlast the outage by much. A probe against a hung server itself takes 1-3 s.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    // Cancelled, never disposed: the probe may still read it while the container shuts down.
    private readonly CancellationTokenSource stopping = new();
    private int down;

    /// <summary>True from a timeout or a lost connection until a probe gets an answer again.</summary>
    public bool IsDown => Volatile.Read(ref down) == 1;

    /// <summary>
    /// Runs <paramref name="call"/> on <typeparamref name="TService"/> from a scope of its own. On PostgreSQL the wait is
    /// bounded; a call that outlives it is not cancelled (that would block on the cancel request above) but left to finish
    /// or fail by itself. What it did is then what one statement did: committed or not (see docs/scaling.md).
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
            throw Unavailable("PostgreSQL is not answering; waiting for it to come back.", null);
        }

        var running = RunInOwnScopeAsync(call);
        try
        {
            return await running.WaitAsync(options.Value.OperationTimeout, time, cancellationToken);
        }
        catch (TimeoutException ex) when (!running.IsCompleted)
        {
            Trip($"no answer within {options.Value.OperationTimeout.TotalMilliseconds:0} ms");
            throw Unavailable("PostgreSQL did not answer in time.", ex);
        }
        catch (Exception ex) when (running.IsCompleted && DatabaseFailures.IsOutage(ex))
        {
            Trip($"{ex.GetType().Name}: {ex.Message}");
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

    public void Dispose() => stopping.Cancel();

    private async Task<T> RunInOwnScopeAsync<TService, T>(Func<TService, Task<T>> call)
        where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
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

    private void Trip(string reason)
    {
        if (Interlocked.Exchange(ref down, 1) == 1)
        {
            return;
        }

        PersistenceLog.DatabaseDown(logger, reason);
        _ = Task.Run(ProbeAsync);
    }

    private async Task ProbeAsync()
    {
        var since = time.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(ProbeInterval, time, stopping.Token);
                if (await AnswersAsync())
                {
                    Volatile.Write(ref down, 0);
                    var outage = time.GetElapsedTime(since);
                    PersistenceLog.DatabaseBack(logger, outage.TotalSeconds);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The server is shutting down.
        }
    }

    // No token: bounded by Npgsql's own timeouts (1-3 s against a hung server), and nobody waits on it.
    private async Task<bool> AnswersAsync()
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.ExecuteSqlRawAsync("SELECT 1");
            return true;
        }
        catch (Exception)
        {
            // Down still, or the server is stopping (its services disposed): the loop's delay ends it then.
            return false;
        }
    }

    private static StoreUnavailableException Unavailable(string message, Exception? inner) =>
        inner is null ? new(message) { Store = StoreName } : new(message, inner) { Store = StoreName };
}
