using System.Text;
using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>The per-strategy sections: login and refresh, revocation, Redis outage, scale-out, memory, failures.</summary>
public static class ScenarioSections
{
    public static void Write(ReportDocument d, RunResults r)
    {
        List<StrategyResults> all = [.. r.Strategies.Values];
        List<StrategyResults> ran = [.. all.Where(s => s.Status != "failed-to-start")];

        d.H(2, "Login and refresh-token rotation");
        d.P("Login is bounded by password hashing (PBKDF2 in ASP.NET Core Identity's PasswordHasher), so it is slow by design. "
            + "Rotation: each worker presents its current refresh token and takes the next one, one SQLite conditional write per rotation.");
        d.Table(["strategy", "logins/s", "login p50 / p99 ms", "rotations/s (8 workers)", "rotation p50 / p99 ms", "rotation failures",
                "server CPU % (rotation)", "rotations/s (1 worker)", "logouts/s"],
            ran.Select(s => new[]
            {
                s.Strategy,
                s.Login is null ? "-" : $"{s.Login.RatePerSecond:N1}",
                s.Login is null ? "-" : $"{s.Login.Latency.P50Ms:0.0} / {s.Login.Latency.P99Ms:0.0}",
                s.Refresh is null ? s.RefreshNote ?? "-" : $"{s.Refresh.RatePerSecond:N0}",
                s.Refresh is null ? "-" : $"{s.Refresh.Latency.P50Ms:0.0} / {s.Refresh.Latency.P99Ms:0.0}",
                s.Refresh is null ? "-" : Failures(s.Refresh),
                s.RefreshServerCpuPct is double c ? $"{c:0}" : "-",
                s.RefreshSingle is null ? "-" : $"{s.RefreshSingle.RatePerSecond:N0} (p50 {s.RefreshSingle.Latency.P50Ms:0.0} ms)",
                s.Logout is null ? "-" : $"{s.Logout.RatePerSecond:N0}",
            }));

        d.H(2, "Revocation: logout on instance A, the same credential on instance B");
        d.P("Each sample logs in on A, checks the credential works on B, logs out on A and polls B's /profile until it answers 401. "
            + "The delay runs from sending the logout to B's first 401; B is asked every millisecond for the first 100 ms, every 20 ms after that. Strategies that cannot revoke are polled for a bounded time only: "
            + "their credential stays valid until `exp`, which is what the verdict states.");
        d.Table(["strategy", "revocable (declared)", "access token life", "verdict", "p50 ms", "p99 ms", "max ms"],
            ran.Select(s => new[]
            {
                s.Strategy,
                s.Info is null ? "?" : s.Info.Revocable ? "yes" : "no",
                s.Info is null ? "?" : $"{s.Info.AccessTokenLifetimeSeconds:0} s",
                s.RevocationVerdict ?? "not measured",
                s.Revocation is { Refused: > 0 } v ? $"{v.Delay.P50Ms:0.0}" : "-",
                s.Revocation is { Refused: > 0 } v2 ? $"{v2.Delay.P99Ms:0.0}" : "-",
                s.Revocation is { Refused: > 0 } v3 ? $"{v3.Delay.MaxMs:0.0}" : "-",
            }));

        OutageSection(d, ran);
        FailoverSection.Write(d, ran);
        ScaleOutSection(d, r, ran);
        MemorySection(d, r, ran);
        FailureSection(d, all);
    }

    /// <summary>"while Redis was down 97% of answers were 503" or similar, from the timeline.</summary>
    public static string OutageSummary(StrategyResults s)
    {
        if (s.Outage is null)
        {
            return "Redis outage not measured";
        }

        (TimelineSecond before, TimelineSecond down, TimelineSecond after) = Phases(s.Outage);
        double total = down.Ok + down.Unauthorized + down.Unavailable + down.Other + down.Errors;
        if (total == 0)
        {
            return "no answers at all while Redis was down";
        }

        return $"while Redis was down {100 * down.Ok / total:0}% of /profile answers were 2xx and {100 * down.Unavailable / total:0}% 503"
            + (down.Errors > 0 ? $", {down.Errors:N0} requests timed out or failed" : "")
            + $" (before: {before.Ok / Math.Max(1, PhaseSeconds(s.Outage).Before):N0} 2xx/s; after the restart: {after.Ok / Math.Max(1, PhaseSeconds(s.Outage).After):N0} 2xx/s)";
    }

    private static void OutageSection(ReportDocument d, List<StrategyResults> ran)
    {
        d.H(2, "Redis outage");
        d.P("Steady /profile load (16 workers), then `redis-server` is killed with SIGKILL and later restarted empty (this run's Redis has no persistence, "
            + "so sessions and revocations made before the crash are gone after it). The 16 workers share one credential; when it gets 401 one of them logs in again. "
            + "Counts are per second of completion; `error` is a transport error or a 5 s client timeout.");
        d.Table(["strategy", "before: 2xx/s", "down: 2xx", "down: 503", "down: 401", "down: other/error", "after: 2xx/s", "after: 401", "re-logins"],
            ran.Where(s => s.Outage is not null).Select(s =>
            {
                (TimelineSecond b, TimelineSecond dn, TimelineSecond a) = Phases(s.Outage!);
                (int bs, _, int @as) = PhaseSeconds(s.Outage!);
                return new[]
                {
                    s.Strategy, $"{b.Ok / Math.Max(1, bs):N0}", $"{dn.Ok:N0}", $"{dn.Unavailable:N0}", $"{dn.Unauthorized:N0}",
                    $"{dn.Other + dn.Errors:N0}", $"{a.Ok / Math.Max(1, @as):N0}", $"{a.Unauthorized:N0}", $"{s.Outage!.Relogins:N0}",
                };
            }));
        foreach (StrategyResults s in ran.Where(s => s.Outage is not null))
        {
            d.Image($"outage-{s.Strategy}.png", $"{s.Strategy} Redis outage timeline", Charts.Timeline(s.Strategy, s.Outage!));
        }

        StringBuilder raw = new();
        foreach (StrategyResults s in ran.Where(s => s.Outage is not null))
        {
            AppendTimeline(raw, s.Strategy, s.Outage!);
        }

        d.Details("per-second timelines", raw.ToString());
    }

    /// <summary>A timeline as text: its events, then one line per second.</summary>
    public static void AppendTimeline(StringBuilder raw, string label, TimelineResult timeline)
    {
        raw.AppendLine($"{label}: " + string.Join("; ", timeline.Events.Select(e => $"{e.AtSeconds:0.0}s {e.What}")));
        raw.AppendLine("  second   2xx   401   503  other  error");
        foreach (TimelineSecond t in timeline.Seconds)
        {
            raw.AppendLine($"  {t.Second,6} {t.Ok,5} {t.Unauthorized,5} {t.Unavailable,5} {t.Other,6} {t.Errors,6}");
        }
    }

    private static void ScaleOutSection(ReportDocument d, RunResults r, List<StrategyResults> ran)
    {
        d.H(2, "Scale-out: one instance against three behind nginx");
        List<StrategyResults> measured = [.. ran.Where(s => s.ScaleOut is not null)];
        d.P($"nginx round robin from `deploy/nginx.conf`, /profile with one credential. Here every server process shares CPU {r.Settings.ServerCpus}, "
            + "so three instances cannot add capacity: this measures what spreading costs and that every instance accepts every credential "
            + "(non-2xx would show otherwise). On real hosts each replica brings its own cores; the stores are then the shared limit.");
        d.Table(["strategy", "1 instance req/s", "3 instances req/s", "3 ÷ 1", "p99 ms (1 / 3)", "non-2xx (1 / 3)"],
            measured.Select(s => new[]
            {
                s.Strategy, $"{s.ScaleOut!.OneInstance.Rps:N0}", $"{s.ScaleOut.ThreeInstances.Rps:N0}", $"{s.ScaleOut.Ratio:0.00}",
                $"{s.ScaleOut.OneInstance.P99Ms:0.0} / {s.ScaleOut.ThreeInstances.P99Ms:0.0}",
                $"{s.ScaleOut.OneInstance.Non2xx} / {s.ScaleOut.ThreeInstances.Non2xx}",
            }));
        if (measured.Count > 0)
        {
            d.Image("scaleout.png", "scale-out", Charts.ScaleOut([.. measured.Select(s => (s.Strategy, s.ScaleOut!.OneInstance.Rps, s.ScaleOut.ThreeInstances.Rps))]));
        }
    }

    private static void MemorySection(ReportDocument d, RunResults r, List<StrategyResults> ran)
    {
        d.H(2, "Memory");
        d.Table(["strategy", "RSS after hot path MB", "RSS at end MB", "peak RSS MB", "Redis per 100k sessions", "Redis per 100k revoked tokens", "how"],
            ran.Select(s => new[]
            {
                s.Strategy, Num(s.Memory.RssAfterHotPathMb), Num(s.Memory.RssAfterRunMb), Num(s.Memory.PeakRssMb),
                Mib(s.Memory.RedisKeyBytesPer100kSessions, s.Memory.RedisUsedMemoryPer100kSessions, s.Memory.SessionsMeasured),
                s.Memory.RedisProjectedPer100kRevoked is double p
                    ? $"{p / 1048576:0.0} MiB measured at 100k; linear from {s.Memory.RevokedMeasured}: {Mib(s.Memory.RedisKeyBytesPer100kRevoked, s.Memory.RedisUsedMemoryPer100kRevoked, s.Memory.RevokedMeasured)}"
                    : Mib(s.Memory.RedisKeyBytesPer100kRevoked, s.Memory.RedisUsedMemoryPer100kRevoked, s.Memory.RevokedMeasured),
                string.Join("; ", new[] { s.Memory.Note, s.Memory.ProjectionNote }.OfType<string>()),
            }));
        if (r.PeerRssMb.Count > 0)
        {
            d.P("For scale, the peers' RSS after their hot-path rounds: " + string.Join(", ", r.PeerRssMb.Select(p => $"{p.Key} {p.Value:0} MB")) + ".");
        }

        d.P("RSS is VmRSS / VmHWM of instance A from /proc. Redis memory per 100k: first the keys' own size (`MEMORY USAGE` summed over all keys, "
            + "after minus before), then the `used_memory` difference from `INFO memory` (allocator overhead included; noisy when few keys were added). "
            + "Both are divided by the number of credentials created and scaled to 100k. Sessions are one key each (plus a per-user index), "
            + "so that scales linearly; revocations live in one sorted set whose encoding changes past 128 members, so the run also "
            + "rebuilds a set like it with 100k members of the same size and measures that.");
    }

    private static void FailureSection(ReportDocument d, List<StrategyResults> all)
    {
        List<StrategyResults> bad = [.. all.Where(s => s.Status == "failed-to-start" || s.Errors.Count > 0)];
        if (bad.Count == 0)
        {
            return;
        }

        d.H(2, "What did not run");
        d.Items(bad.Select(s => s.Status == "failed-to-start"
            ? $"**{s.Strategy}** failed to start: {s.Failure}"
            : $"**{s.Strategy}**: " + string.Join("; ", s.Errors)));
        foreach (StrategyResults s in bad.Where(s => !string.IsNullOrWhiteSpace(s.LogTail)))
        {
            d.Details($"{s.Strategy}: end of the server log", s.LogTail!);
        }
    }

    private static (TimelineSecond Before, TimelineSecond Down, TimelineSecond After) Phases(TimelineResult t)
    {
        double kill = t.Events.FirstOrDefault(e => e.What.Contains("killed", StringComparison.Ordinal))?.AtSeconds ?? double.MaxValue;
        double restart = t.Events.FirstOrDefault(e => e.What.Contains("restarted", StringComparison.Ordinal))?.AtSeconds ?? double.MaxValue;
        return (Sum(t.Seconds.Where(s => s.Second + 1 <= kill)),
                Sum(t.Seconds.Where(s => s.Second + 1 > kill && s.Second < restart)),
                Sum(t.Seconds.Where(s => s.Second >= restart)));
    }

    private static (int Before, int Down, int After) PhaseSeconds(TimelineResult t)
    {
        double kill = t.Events.FirstOrDefault(e => e.What.Contains("killed", StringComparison.Ordinal))?.AtSeconds ?? double.MaxValue;
        double restart = t.Events.FirstOrDefault(e => e.What.Contains("restarted", StringComparison.Ordinal))?.AtSeconds ?? double.MaxValue;
        int before = t.Seconds.Count(s => s.Second + 1 <= kill), after = t.Seconds.Count(s => s.Second >= restart);
        return (before, t.Seconds.Count - before - after, after);
    }

    private static TimelineSecond Sum(IEnumerable<TimelineSecond> s)
    {
        List<TimelineSecond> l = [.. s];
        return new TimelineSecond(-1, l.Sum(x => x.Ok), l.Sum(x => x.Unauthorized), l.Sum(x => x.Unavailable), l.Sum(x => x.Other), l.Sum(x => x.Errors));
    }

    private static string Failures(ThroughputResult t) =>
        t.Failed == 0 ? "0" : $"{t.Failed} ({string.Join(", ", t.Statuses.Where(k => !k.Key.StartsWith('2')).Select(k => $"{k.Key}: {k.Value}"))})";

    private static string Mib(double? keys, double? used, long? count) =>
        keys is not double k ? "-"
            : count >= 1000 ? $"{k / 1048576:0.0} MiB (used_memory: {(used ?? 0) / 1048576:0.0} MiB)"
            : $"{k / 1048576:0.0} MiB (used_memory difference not meaningful over {count} credentials)";

    private static string Num(double? v) => v is double x ? $"{x:0}" : "-";
}
