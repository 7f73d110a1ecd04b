using LoadTests.Cli;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>
/// A strategy judged against another on /profile alone (jwt-blacklist against stateless-jwt): the two measured back to
/// back, order alternating from pair to pair, several pairs per round. The rounds put every other server between the
/// two, tens of seconds apart, and on a shared machine the load drifts more in that time than the gap being judged.
/// Many short pairs rather than a few long ones: the halves of a pair lie closer in time, and the median of more pairs
/// shrugs off the ones a burst of other work landed on.
/// </summary>
internal sealed class HotPathPairs(RunOptions o, RunResults results, ProgressReporter progress, Wrk wrk)
{
    /// <summary>(target, baseline) pairs measured when both strategies run.</summary>
    public static readonly (string Target, string Baseline)[] Compared = [("jwt-blacklist", "stateless-jwt")];

    private int _measured;

    /// <summary>Measured length of each half: 3 s, or the run's segment length when shorter.</summary>
    public static TimeSpan HalfLength(RunOptions o) => o.Duration < TimeSpan.FromSeconds(3) ? o.Duration : TimeSpan.FromSeconds(3);

    /// <summary>Warm-up before each half (new connections, the caches of a server that sat idle): 1 s at most.</summary>
    public static TimeSpan WarmUp(RunOptions o) => o.WarmUp < TimeSpan.FromSeconds(1) ? o.WarmUp : TimeSpan.FromSeconds(1);

    /// <summary>Seconds one round's pairs take, for the progress estimate.</summary>
    public static double PlannedSeconds(RunOptions o) =>
        Compared.Count(c => o.Strategies.Contains(c.Target) && o.Strategies.Contains(c.Baseline)) * o.Pairs * 2 * (WarmUp(o) + HalfLength(o)).TotalSeconds;

    public async Task MeasureAsync(int round, IReadOnlyList<HotTarget> targets, Func<Uri, CancellationToken, Task<string>> freshToken, CancellationToken ct)
    {
        foreach ((string targetName, string baselineName) in Compared)
        {
            HotTarget? target = targets.FirstOrDefault(t => t.Name == targetName), baseline = targets.FirstOrDefault(t => t.Name == baselineName);
            if (target is null || baseline is null)
            {
                continue;
            }

            try
            {
                string targetToken = await freshToken(target.BaseUrl, ct), baselineToken = await freshToken(baseline.BaseUrl, ct);
                for (int i = 1; i <= o.Pairs; i++)
                {
                    // Alternating which goes first cancels a steady drift of the machine's load over the pairs.
                    bool targetFirst = _measured++ % 2 == 1;
                    string label = $"hot path round {round}/{o.Rounds}, pair {i}/{o.Pairs}";
                    Measured first = targetFirst ? await ProfileAsync(label, target, targetToken, ct) : await ProfileAsync(label, baseline, baselineToken, ct);
                    Measured second = targetFirst ? await ProfileAsync(label, baseline, baselineToken, ct) : await ProfileAsync(label, target, targetToken, ct);
                    ((WrkResult t, double tCpu), (WrkResult b, double bCpu)) = targetFirst ? (first, second) : (second, first);
                    if (Refused(t) || Refused(b))
                    {
                        results.Notes.Add($"{label}: {targetName} against {baselineName} not counted: /profile answered non-2xx");
                        continue;
                    }

                    results.ProfilePairs.Add(new ProfilePair(round, i, targetName, baselineName, t, b, targetFirst)
                    {
                        TargetCpuMicros = tCpu,
                        BaselineCpuMicros = bCpu,
                    });
                    progress.Result($"{targetName} ÷ {baselineName}: {t.Rps / Math.Max(b.Rps, 1):0.00}");
                }
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                results.Notes.Add($"round {round}: {targetName} against {baselineName}: {e.Message}");
            }
        }
    }

    // The server process's own CPU time per request too: unlike req/s, it does not count what other processes took.
    private async Task<Measured> ProfileAsync(string label, HotTarget t, string token, CancellationToken ct)
    {
        progress.Step($"{label}: {t.Name} /profile", (WarmUp(o) + HalfLength(o)).TotalSeconds);
        Uri url = new(t.BaseUrl, "/profile");
        await wrk.RunAsync(url, token, WarmUp(o), o.Connections, ct);
        double before = t.Process.CpuSeconds();
        WrkResult r = await wrk.RunAsync(url, token, HalfLength(o), o.Connections, ct);
        double cpu = t.Process.CpuSeconds() - before;
        return new(r, r.Requests > 0 ? cpu * 1e6 / r.Requests : 0);
    }

    private readonly record struct Measured(WrkResult Result, double CpuMicros);

    private static bool Refused(WrkResult r) => r.Non2xx + r.SocketErrors > r.Requests / 100;
}
