using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using HdrHistogram;

namespace LoadTests.Load;

/// <summary>Revocation delay across instances.</summary>
public static partial class ScenarioRunner
{
    /// <summary>How long B is polled every millisecond after a logout: the revocation delay's resolution.</summary>
    private static readonly TimeSpan FinePolling = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// For each sample: log in on <paramref name="a"/>, check the credential works on <paramref name="b"/>,
    /// log out on A, then poll B's /profile until it answers 401 or <paramref name="pollLimit"/> runs out.
    /// Under jwt-refresh it also tries the refresh token on B right after the logout.
    /// </summary>
    public static Task<RevocationResult> RunRevocationDelayAsync(
        Uri a, Uri b, int samples, TimeSpan pollLimit, CancellationToken ct = default) =>
        RunRevocationDelayAsync(a, b, samples, pollLimit, "/profile", ct);

    /// <summary>
    /// The same, polling <paramref name="probePath"/> on <paramref name="b"/>, which may be another service trusting
    /// <paramref name="a"/> (then no refresh token is tried there).
    /// </summary>
    public static async Task<RevocationResult> RunRevocationDelayAsync(
        Uri a, Uri b, int samples, TimeSpan pollLimit, string probePath, CancellationToken ct = default)
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
            if (t is null || await cb.GetAsync(probePath, t.AccessToken, ct) != HttpStatusCode.OK)
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
                HttpStatusCode st = await cb.GetAsync(probePath, t.AccessToken, ct);
                LiveCounter.Add();
                if (st == HttpStatusCode.Unauthorized)
                {
                    LatencyRecorder.Record(h, Stopwatch.GetElapsedTime(start));
                    gone = true;
                    break;
                }

                // 1 ms apart while a revocation is expected to land, 20 ms after that (a non-revocable credential is
                // polled for seconds). Polling every 20 ms from the start made any delay past the first poll read as ~25 ms.
                await Task.Delay(Stopwatch.GetElapsedTime(start) < FinePolling ? 1 : 20, ct);
            }

            if (gone)
            {
                refused++;
            }
            else
            {
                still++;
            }

            if (t.RefreshToken is not null && probePath == "/profile")
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
}
