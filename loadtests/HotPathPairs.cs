using LoadTests.Cli;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>
/// A strategy judged against another on /profile alone (jwt-blacklist against stateless-jwt): the two measured back to
/// back, order alternating from pair to pair, several pairs per round. The rounds put every other server between the
/// two, tens of seconds apart, and on a shared machine the load drifts more in that time than the gap being judged.
/// </summary>
internal sealed class HotPathPairs(RunOptions o, RunResults results, ProgressReporter progress, Wrk wrk)
{
    /// <summary>(target, baseline) pairs measured when both strategies run.</summary>
    public static readonly (string Target, string Baseline)[] Compared = [("jwt-blacklist", "stateless-jwt")];

    private int _measured;

    /// <summary>Seconds one round's pairs take, for the progress estimate.</summary>
    public static double PlannedSeconds(RunOptions o) =>
        Compared.Count(c => o.Strategies.Contains(c.Target) && o.Strategies.Contains(c.Baseline)) * o.Pairs * 2 * (o.WarmUp + o.Duration).TotalSeconds;

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
                    WrkResult first = targetFirst ? await ProfileAsync(label, target, targetToken, ct) : await ProfileAsync(label, baseline, baselineToken, ct);
                    WrkResult second = targetFirst ? await ProfileAsync(label, baseline, baselineToken, ct) : await ProfileAsync(label, target, targetToken, ct);
                    (WrkResult t, WrkResult b) = targetFirst ? (first, second) : (second, first);
                    if (Refused(t) || Refused(b))
                    {
                        results.Notes.Add($"{label}: {targetName} against {baselineName} not counted: /profile answered non-2xx");
                        continue;
                    }

                    results.ProfilePairs.Add(new ProfilePair(round, i, targetName, baselineName, t, b, targetFirst));
                    progress.Result($"{targetName} ÷ {baselineName}: {t.Rps / Math.Max(b.Rps, 1):0.00}");
                }
            }
            catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
            {
                results.Notes.Add($"round {round}: {targetName} against {baselineName}: {e.Message}");
            }
        }
    }

    private async Task<WrkResult> ProfileAsync(string label, HotTarget t, string token, CancellationToken ct)
    {
        progress.Step($"{label}: {t.Name} /profile", (o.WarmUp + o.Duration).TotalSeconds);
        Uri url = new(t.BaseUrl, "/profile");
        await wrk.RunAsync(url, token, o.WarmUp, o.Connections, ct);
        return await wrk.RunAsync(url, token, o.Duration, o.Connections, ct);
    }

    private static bool Refused(WrkResult r) => r.Non2xx + r.SocketErrors > r.Requests / 100;
}
