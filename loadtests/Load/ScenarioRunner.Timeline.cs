using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HdrHistogram;

namespace LoadTests.Load;

/// <summary>Steady load with events: the Redis outage timeline.</summary>
public static partial class ScenarioRunner
{
    /// <summary>
    /// Steady GET /profile load from <paramref name="concurrency"/> workers for <paramref name="duration"/>,
    /// counted per second by class (2xx, 401, 503, other status, transport error), while <paramref name="actions"/>
    /// run at their times. The workers share one credential; when it is refused (401) one of them logs in again (at most every 200 ms).
    /// </summary>
    public static async Task<TimelineResult> RunTimelineAsync(
        Uri baseUrl, TimeSpan duration, int concurrency, IReadOnlyList<TimelineAction> actions, CancellationToken ct = default)
    {
        using AuthClient client = new(baseUrl, concurrency, TimeSpan.FromSeconds(5));
        (string user, string password, TokenResponse first) = await client.NewSessionAsync(ct);
        int buckets = (int)Math.Ceiling(duration.TotalSeconds) + 10;
        long[,] counts = new long[buckets, 5];
        List<TimelineEvent> events = [];
        long relogins = 0;
        Stopwatch sw = Stopwatch.StartNew();
        using CancellationTokenSource stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        Task driver = Task.Run(async () =>
        {
            foreach (TimelineAction act in actions.OrderBy(x => x.At))
            {
                TimeSpan wait = act.At - sw.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stop.Token);
                }

                double at = sw.Elapsed.TotalSeconds;
                await act.Action();
                lock (events)
                {
                    events.Add(new TimelineEvent(Math.Round(at, 2), act.What));
                }
            }
        }, stop.Token);

        // One client: its workers share one credential, and one of them logs in again when it is refused.
        string shared = first.AccessToken;
        TimeSpan lastLogin = TimeSpan.FromHours(-1);
        using SemaphoreSlim loginGate = new(1, 1);

        async Task ReloginAsync(string refused)
        {
            await loginGate.WaitAsync(stop.Token);
            try
            {
                if (Volatile.Read(ref shared) != refused || sw.Elapsed - lastLogin < TimeSpan.FromMilliseconds(200))
                {
                    return; // another worker already did, or tried just now
                }

                lastLogin = sw.Elapsed;
                (_, TokenResponse? t) = await client.LoginAsync(user, password, stop.Token);
                Interlocked.Increment(ref relogins);
                if (t is not null)
                {
                    Volatile.Write(ref shared, t.AccessToken);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
            {
                // the store is down: keep counting what /profile says
            }
            finally
            {
                loginGate.Release();
            }
        }

        Task[] workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            while (sw.Elapsed < duration && !stop.IsCancellationRequested)
            {
                string token = Volatile.Read(ref shared);
                int cls;
                try
                {
                    HttpStatusCode st = await client.ProfileAsync(token, stop.Token);
                    cls = ((int)st) switch { >= 200 and < 300 => 0, 401 => 1, 503 => 2, _ => 3 };
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
                {
                    cls = 4;
                }

                int sec = Math.Min((int)sw.Elapsed.TotalSeconds, buckets - 1);
                Interlocked.Increment(ref counts[sec, cls]);
                LiveCounter.Add();
                if (cls == 1)
                {
                    await ReloginAsync(token);
                }
                else if (cls is 2 or 4)
                {
                    await Task.Delay(5, stop.Token);
                }
            }
        }, stop.Token)).ToArray();

        await Task.WhenAll(workers);
        await driver;

        int used = (int)Math.Ceiling(duration.TotalSeconds);
        List<TimelineSecond> seconds = [.. Enumerable.Range(0, used)
            .Select(s => new TimelineSecond(s, counts[s, 0], counts[s, 1], counts[s, 2], counts[s, 3], counts[s, 4]))];
        return new TimelineResult(concurrency, seconds, events, relogins);
    }
}
