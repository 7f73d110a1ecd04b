using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuthServer.Strategies.Persistence;

/// <summary>
/// What <see cref="DatabaseGuard"/> knows of PostgreSQL beyond one call: when it last answered anything; a
/// <c>SELECT 1</c> ping, one at a time, on a small pool and a thread of its own (so that neither a busy pool, nor a cold
/// query path, nor a thread pool busy with a burst of requests is taken for a hang); and a breaker, opened by a refused
/// connection or a failed ping, until a background probe gets an answer. While it is open, what needs PostgreSQL answers
/// 503 without trying, and <c>/health/ready</c> says so.
/// </summary>
internal sealed class DatabaseBreaker : IDisposable
{
    // Short: the breaker should not outlast the outage by much. A probe against a hung server itself takes 1-3 s.
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(250);

    // Cancelled, never disposed: the probe may still read it while the container shuts down.
    private readonly CancellationTokenSource stopping = new();
    private readonly SemaphoreSlim pingRequested = new(0);
    private readonly Lazy<string> pingConnectionString;
    private readonly Lazy<Thread> pinger;
    private readonly ILogger<DatabaseBreaker> logger;

    private long lastAnswer;
    private long pingStarted;
    private long pingEnded;
    private long pingRefused;
    private int open;

    public DatabaseBreaker(AuthDatabase database, ILogger<DatabaseBreaker> logger)
    {
        this.logger = logger;
        pingConnectionString = new(() => new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 2 }.ConnectionString);
        pinger = new(() =>
        {
            var thread = new Thread(PingLoop) { IsBackground = true, Name = "PostgreSQL ping" };
            thread.Start();
            return thread;
        });
    }

    public bool IsOpen => Volatile.Read(ref open) == 1;

    /// <summary>When PostgreSQL last answered anything (a <see cref="DatabaseGuard.Clock"/> timestamp; 0: never).</summary>
    public long LastAnswer => Volatile.Read(ref lastAnswer);

    /// <summary>When the ping now waiting was sent (0: none is).</summary>
    public long PingStarted => Volatile.Read(ref pingStarted);

    /// <summary>When a ping last failed outright (refused, broken), rather than waited.</summary>
    public long PingRefused => Volatile.Read(ref pingRefused);

    public void Answered() => Volatile.Write(ref lastAnswer, DatabaseGuard.Clock.GetTimestamp());

    /// <summary>Sends a ping unless one is waiting or one ended within <paramref name="spacing"/>.</summary>
    public void Ping(TimeSpan spacing)
    {
        var now = DatabaseGuard.Clock.GetTimestamp();
        if (DatabaseGuard.Clock.GetElapsedTime(Volatile.Read(ref pingEnded), now) >= spacing
            && Interlocked.CompareExchange(ref pingStarted, now, 0) == 0)
        {
            _ = pinger.Value;
            pingRequested.Release();
        }
    }

    /// <summary>At start: opens the ping's connection and runs its code once, so that a cold first ping is not taken for a hang.</summary>
    public async Task WarmAsync()
    {
        if (await Task.Run(Answers))
        {
            Answered();
        }
    }

    public void Trip(string reason)
    {
        if (Interlocked.Exchange(ref open, 1) == 0)
        {
            PersistenceLog.DatabaseDown(logger, reason);
            _ = Task.Run(ProbeAsync);
        }
    }

    public void Dispose() => stopping.Cancel();

    // Synchronous on a thread of its own: its answer is seen at once, however many requests queue on the thread pool.
    private void PingLoop()
    {
        try
        {
            while (true)
            {
                pingRequested.Wait(stopping.Token);
                var answered = Answers();
                var now = DatabaseGuard.Clock.GetTimestamp();
                Volatile.Write(ref answered ? ref lastAnswer : ref pingRefused, now);
                Volatile.Write(ref pingEnded, now);
                Volatile.Write(ref pingStarted, 0);
                if (!answered)
                {
                    // Refused, or Npgsql's own timeouts ran out (1-3 s): down, not slow.
                    Trip("no answer to SELECT 1");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The server is shutting down.
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
                if (await Task.Run(Answers))
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

    // Bounded by Npgsql's own timeouts (1-3 s against a hung server), and no request waits on it.
    private bool Answers()
    {
        try
        {
            using var connection = new NpgsqlConnection(pingConnectionString.Value);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT 1", connection);
            command.ExecuteScalar();
            return true;
        }
        catch (Exception)
        {
            // Down still, or the server is stopping.
            return false;
        }
    }
}
