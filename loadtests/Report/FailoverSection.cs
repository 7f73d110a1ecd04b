using System.Text;
using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>The Redis strategies behind Sentinel: what clients saw through a failover, and what waiting for a replica costs a logout.</summary>
public static class FailoverSection
{
    public static void Write(ReportDocument d, List<StrategyResults> ran)
    {
        List<StrategyResults> measured = [.. ran.Where(s => s.Failover is not null)];
        if (measured.Count == 0)
        {
            return;
        }

        d.H(2, "Redis Sentinel failover");
        d.P($"Each Redis strategy again, on a Sentinel group of its own: a primary, {measured[0].Failover!.Replicas} replicas and three Sentinels "
            + "(quorum 2, `down-after-milliseconds 1000`, `failover-timeout 5000`), all on the servers' CPU. The instance's connection string names "
            + "the Sentinels (`serviceName=`) and waits for one replica to confirm every revocation (`Redis:WaitForReplicas`, 1 by default "
            + "behind Sentinel). Steady /profile load (16 workers, one shared credential) while the primary is SIGKILLed; "
            + "*promoted* is when the Sentinels first named a new primary that answered as one.");
        d.Table(["strategy", "replica promoted after", "before: 2xx/s", "kill → +5 s: 2xx", "503", "401", "other/error", "only 2xx again", "after: 2xx/s"],
            measured.Select(s => Row(s.Strategy, s.Failover!)));
        foreach (StrategyResults s in measured)
        {
            d.Image($"failover-{s.Strategy}.png", $"{s.Strategy} Sentinel failover timeline",
                Charts.Timeline(s.Strategy, s.Failover!.Timeline, "primary SIGKILLed behind Sentinel under steady /profile load"));
        }

        d.P("What waiting for a replica costs a revocation: two instances on the same group, one with `Redis:WaitForReplicas=1`, one with 0, "
            + "requests one at a time, alternating between them in two rounds. Logouts need a fresh credential each, from a login "
            + "(0.1 s of password hashing), so they are few; under jwt-blacklist an RFC 7009 revocation of one token, repeated, makes "
            + "the same write and WAIT many times.");
        d.Table(["strategy", "request", "WaitForReplicas", "round", "answered 200", "p50 ms", "p90 ms", "max ms"],
            measured.SelectMany(s => s.Failover!.WriteCosts.OrderBy(c => c.Kind).ThenBy(c => c.Round).ThenBy(c => c.WaitForReplicas).Select(c => new[]
            {
                s.Strategy, c.Kind == "revoke" ? "POST /auth/revoke" : "POST /auth/logout", $"{c.WaitForReplicas}", $"{c.Round}", $"{c.Result.Succeeded}",
                $"{c.Result.Latency.P50Ms:0.00}", $"{c.Result.Latency.P90Ms:0.00}", $"{c.Result.Latency.MaxMs:0.00}",
            })));

        StringBuilder raw = new();
        foreach (StrategyResults s in measured)
        {
            ScenarioSections.AppendTimeline(raw, s.Strategy, s.Failover!.Timeline);
        }

        d.Details("per-second failover timelines", raw.ToString());
    }

    private static string[] Row(string strategy, FailoverResult f)
    {
        double kill = f.Timeline.Events.FirstOrDefault(e => e.What.Contains("killed", StringComparison.Ordinal))?.AtSeconds ?? double.NaN;
        List<TimelineSecond> before = [.. f.Timeline.Seconds.Where(s => s.Second + 1 <= kill)];
        List<TimelineSecond> window = [.. f.Timeline.Seconds.Where(s => s.Second + 1 > kill && s.Second < kill + 5)];
        List<TimelineSecond> after = [.. f.Timeline.Seconds.Where(s => s.Second >= kill + 5)];
        return
        [
            strategy,
            f.PromotedAfterSeconds is double p ? $"{p:0.00} s" : "not seen",
            $"{before.Sum(s => s.Ok) / (double)Math.Max(1, before.Count):N0}",
            $"{window.Sum(s => s.Ok):N0}", $"{window.Sum(s => s.Unavailable):N0}", $"{window.Sum(s => s.Unauthorized):N0}",
            $"{window.Sum(s => s.Other + s.Errors):N0}",
            FailoverPhase.Recovery(f).Replace("/profile answered only 2xx again from ", "", StringComparison.Ordinal),
            $"{after.Sum(s => s.Ok) / (double)Math.Max(1, after.Count):N0}",
        ];
    }
}
