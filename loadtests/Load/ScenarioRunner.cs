using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HdrHistogram;

namespace LoadTests.Load;

/// <summary>
/// Multi-step scenarios against a running AuthServer, driven from C# with HttpClient and recorded
/// with HdrHistogram. Public so an end-to-end test can run one short scenario (see loadtests/README.md).
/// Each scenario registers its own users, so it needs nothing but the server's base URL.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>
    /// Refresh-token rotation: each worker registers its own user (one user's changes are serialised by its actor,
    /// so one shared user would measure a mailbox, not the server), logs in once and then rotates its refresh token in a loop.
    /// </summary>
    public static async Task<ThroughputResult> RunRefreshRotationAsync(
        Uri baseUrl, TimeSpan duration, int concurrency = 8, CancellationToken ct = default)
    {
        using AuthClient client = new(baseUrl, concurrency);
        return await RunClosedLoopAsync("refresh-rotation", concurrency, duration, async (h, statuses, token) =>
        {
            (string user, string password, TokenResponse first) = await client.NewSessionAsync(token);
            string? refresh = first.RefreshToken
                ?? throw new InvalidOperationException($"{baseUrl} gave no refresh_token at login: its strategy has no refresh tokens");
            return async () =>
            {
                if (refresh is null)
                {
                    (_, TokenResponse? again) = await client.LoginAsync(user, password, token);
                    refresh = again?.RefreshToken;
                    return false;
                }

                long start = Stopwatch.GetTimestamp();
                (HttpStatusCode st, TokenResponse? next) = await client.RefreshAsync(refresh, token);
                Count(statuses, st);
                if (next?.RefreshToken is null)
                {
                    refresh = null;
                    return false;
                }

                LatencyRecorder.Record(h, Stopwatch.GetElapsedTime(start));
                refresh = next.RefreshToken;
                return true;
            };
        }, ct);
    }

    /// <summary>
    /// Login throughput (bounded by password hashing), each worker with its own user, registered before the clock starts:
    /// every login counted is one in the measured window. <paramref name="onToken"/> sees every token issued.
    /// </summary>
    public static async Task<ThroughputResult> RunLoginAsync(
        Uri baseUrl, TimeSpan duration, int concurrency = 2, Action<TokenResponse>? onToken = null, CancellationToken ct = default)
    {
        using AuthClient client = new(baseUrl, concurrency);
        return await RunClosedLoopAsync("login", concurrency, duration, async (h, statuses, token) =>
        {
            (string user, string password) = AuthClient.NewUser();
            HttpStatusCode reg = await client.RegisterAsync(user, password, token);
            if (reg != HttpStatusCode.Created && reg != HttpStatusCode.OK)
            {
                throw new HttpRequestException($"POST /auth/register answered {(int)reg}", null, reg);
            }

            return async () =>
            {
                long start = Stopwatch.GetTimestamp();
                (HttpStatusCode st, TokenResponse? t) = await client.LoginAsync(user, password, token);
                Count(statuses, st);
                if (t is null)
                {
                    return false;
                }

                LatencyRecorder.Record(h, Stopwatch.GetElapsedTime(start));
                onToken?.Invoke(t);
                return true;
            };
        }, ct);
    }

    /// <summary>POST /auth/logout once for each token, <paramref name="concurrency"/> at a time.</summary>
    public static async Task<ThroughputResult> RunLogoutsAsync(
        Uri baseUrl, IReadOnlyCollection<string> accessTokens, int concurrency = 8, CancellationToken ct = default)
    {
        using AuthClient client = new(baseUrl, concurrency);
        ConcurrentQueue<string> queue = new(accessTokens);
        LatencyRecorder recorder = new();
        ConcurrentDictionary<string, long> statuses = new();
        long ok = 0, failed = 0;
        Stopwatch sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            LongHistogram h = recorder.NewWorker();
            while (queue.TryDequeue(out string? token))
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    HttpStatusCode st = await client.LogoutAsync(token, ct);
                    Count(statuses, st);
                    if (st == HttpStatusCode.OK)
                    {
                        LatencyRecorder.Record(h, Stopwatch.GetElapsedTime(start));
                        Interlocked.Increment(ref ok);
                        LiveCounter.Add();
                        continue;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    statuses.AddOrUpdate("error", 1, (_, v) => v + 1);
                }

                Interlocked.Increment(ref failed);
            }
        }, ct)));
        double secs = sw.Elapsed.TotalSeconds;
        return new ThroughputResult("logout", concurrency, secs, ok, failed, ok / Math.Max(secs, 1e-9), recorder.Summarize(), statuses);
    }

    /// <summary>
    /// For each sample: log in on <paramref name="a"/>, check the credential works on <paramref name="b"/>,
    /// log out on A, then poll B's /profile until it answers 401 or <paramref name="pollLimit"/> runs out.
    /// Under jwt-refresh it also tries the refresh token on B right after the logout.
    /// </summary>
    public static async Task<RevocationResult> RunRevocationDelayAsync(
        Uri a, Uri b, int samples, TimeSpan pollLimit, CancellationToken ct = default)
    {
        using AuthClient ca = new(a, 4);
        using AuthClient cb = new(b, 4);
        (string user, string password, _) = await ca.NewSessionAsync(ct);
        LatencyRecorder recorder = new();
        LongHistogram h = recorder.NewWorker();
        int refused = 0, still = 0, setupFailures = 0, refreshChecked = 0, refreshRefused = 0;
        for (int i = 0; i < samples; i++)
        {
            ct.ThrowIfCancellationRequested();
            (_, TokenResponse? t) = await ca.LoginAsync(user, password, ct);
            if (t is null || await cb.ProfileAsync(t.AccessToken, ct) != HttpStatusCode.OK)
            {
                setupFailures++;
                continue;
            }

            long start = Stopwatch.GetTimestamp();
            if (await ca.LogoutAsync(t.AccessToken, ct) != HttpStatusCode.OK)
            {
                setupFailures++;
                continue;
            }

            bool gone = false;
            while (Stopwatch.GetElapsedTime(start) < pollLimit)
            {
                HttpStatusCode st = await cb.ProfileAsync(t.AccessToken, ct);
                LiveCounter.Add();
                if (st == HttpStatusCode.Unauthorized)
                {
                    LatencyRecorder.Record(h, Stopwatch.GetElapsedTime(start));
                    gone = true;
                    break;
                }

                await Task.Delay(pollLimit > TimeSpan.FromSeconds(1) ? 20 : 1, ct);
            }

            if (gone)
            {
                refused++;
            }
            else
            {
                still++;
            }

            if (t.RefreshToken is not null)
            {
                refreshChecked++;
                (HttpStatusCode rs, _) = await cb.RefreshAsync(t.RefreshToken, ct);
                if (rs == HttpStatusCode.Unauthorized)
                {
                    refreshRefused++;
                }
            }
        }

        return new RevocationResult(samples, refused, still, pollLimit.TotalMilliseconds, recorder.Summarize(),
            refreshChecked, refreshRefused, setupFailures);
    }

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

    /// <summary>
    /// Runs <paramref name="concurrency"/> workers for <paramref name="duration"/>. <paramref name="setup"/> prepares one
    /// worker and returns its step: true for a success whose latency the step recorded, false for a failure.
    /// </summary>
    private static async Task<ThroughputResult> RunClosedLoopAsync(
        string name, int concurrency, TimeSpan duration,
        Func<LongHistogram, ConcurrentDictionary<string, long>, CancellationToken, Task<Func<Task<bool>>>> setup,
        CancellationToken ct)
    {
        LatencyRecorder recorder = new();
        ConcurrentDictionary<string, long> statuses = new();
        long ok = 0, failed = 0;
        Func<Task<bool>>[] steps = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => setup(recorder.NewWorker(), statuses, ct)));

        Stopwatch sw = Stopwatch.StartNew();
        await Task.WhenAll(steps.Select(step => Task.Run(async () =>
        {
            while (sw.Elapsed < duration)
            {
                ct.ThrowIfCancellationRequested();
                bool success;
                try
                {
                    success = await step();
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    statuses.AddOrUpdate("error", 1, (_, v) => v + 1);
                    success = false;
                }

                if (success)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }

                LiveCounter.Add();
            }
        }, ct)));
        double secs = sw.Elapsed.TotalSeconds;
        return new ThroughputResult(name, concurrency, secs, ok, failed, ok / Math.Max(secs, 1e-9), recorder.Summarize(), new Dictionary<string, long>(statuses));
    }

    private static void Count(ConcurrentDictionary<string, long> statuses, HttpStatusCode st) =>
        statuses.AddOrUpdate(((int)st).ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, v) => v + 1);
}
