using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// Open from a hang or a refused connection (<see cref="DatabaseGuard"/> trips it) until a background probe gets an
/// answer: while open, what needs PostgreSQL answers 503 at once and <c>/health/ready</c> says so.
/// </summary>
internal sealed class DatabaseBreaker(IServiceScopeFactory scopes, ILogger<DatabaseBreaker> logger) : IDisposable
{
    // Short: the breaker should not outlast the outage by much. A probe against a hung server itself takes 1-3 s.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    // Cancelled, never disposed: the probe may still read it while the container shuts down.
    private readonly CancellationTokenSource stopping = new();
    private long lastAnswer;
    private int open;
    private int pinging;

    public bool IsOpen => Volatile.Read(ref open) == 1;

    /// <summary>When PostgreSQL last answered anything (<see cref="TimeProvider.GetTimestamp"/> of <see cref="DatabaseGuard.Clock"/>).</summary>
    public long LastAnswer => Volatile.Read(ref lastAnswer);

    public void Answered() => Volatile.Write(ref lastAnswer, DatabaseGuard.Clock.GetTimestamp());

    public void Trip(string reason)
    {
        if (Interlocked.Exchange(ref open, 1) == 0)
        {
            PersistenceLog.DatabaseDown(logger, reason);
            _ = Task.Run(ProbeAsync);
        }
    }

    /// <summary>
    /// Asks PostgreSQL for a <c>SELECT 1</c> (one at a time) when a call has waited a while with no answer to anyone:
    /// an answer tells a slow statement (a lock wait) from a hung server, and counts as one.
    /// </summary>
    public void Ping()
    {
        if (Interlocked.Exchange(ref pinging, 1) == 0)
        {
            _ = PingAsync();
        }
    }

    public void Dispose() => stopping.Cancel();

    private async Task PingAsync()
    {
        try
        {
            if (await AnswersAsync())
            {
                Answered();
            }
        }
        finally
        {
            Volatile.Write(ref pinging, 0);
        }
    }

    private async Task ProbeAsync()
    {
        var since = DatabaseGuard.Clock.GetTimestamp();
        try
        {
            while (true)
            {
                await Task.Delay(ProbeInterval, DatabaseGuard.Clock, stopping.Token);
                if (await AnswersAsync())
                {
                    Answered();
                    Volatile.Write(ref open, 0);
                    var outage = DatabaseGuard.Clock.GetElapsedTime(since);
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
}
