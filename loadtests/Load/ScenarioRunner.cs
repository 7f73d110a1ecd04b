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
public static partial class ScenarioRunner
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
    public static Task<ThroughputResult> RunLogoutsAsync(
        Uri baseUrl, IReadOnlyCollection<string> accessTokens, int concurrency = 8, CancellationToken ct = default) =>
        RunEachAsync("logout", baseUrl, accessTokens, concurrency, (c, t, token) => c.LogoutAsync(t, token), ct);

    /// <summary>RFC 7009 revocations, one per item (an access token may be revoked again and again: each is a write).</summary>
    public static Task<ThroughputResult> RunRevocationsAsync(
        Uri baseUrl, IReadOnlyCollection<string> tokens, int concurrency = 8, CancellationToken ct = default) =>
        RunEachAsync("revoke", baseUrl, tokens, concurrency, (c, t, token) => c.RevokeAsync(t, token), ct);

    private static async Task<ThroughputResult> RunEachAsync(
        string name, Uri baseUrl, IReadOnlyCollection<string> accessTokens, int concurrency,
        Func<AuthClient, string, CancellationToken, Task<HttpStatusCode>> call, CancellationToken ct)
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
                    HttpStatusCode st = await call(client, token, ct);
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
        return new ThroughputResult(name, concurrency, secs, ok, failed, ok / Math.Max(secs, 1e-9), recorder.Summarize(), statuses);
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
