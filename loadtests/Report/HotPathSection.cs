using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>Hot-path tables and charts: every server's ceiling and /profile over the rounds.</summary>
public static class HotPathSection
{
    public static void Write(ReportDocument d, RunResults r)
    {
        d.H(2, "Hot path: GET /profile against the server's own ceiling");
        List<string> names = [.. r.HotPath.Where(h => h.Profile is not null).Select(h => h.Target).Distinct()];
        foreach (HotPathRow bad in r.HotPath.Where(h => h.Error is not null))
        {
            d.P($"**{bad.Target}, round {bad.Round}: not counted**: {bad.Error}.");
        }

        if (names.Count == 0)
        {
            d.P("Nothing was measured on the hot path.");
            return;
        }

        d.P("Requests per second: median over rounds [min–max]. The ratio is /profile over the ceiling within each round, median. "
            + "The ceiling is `/ping` for the peers and `/health/live` for AuthServer: the same server with no authentication.");
        d.Table(["server", "ceiling req/s", "/profile req/s", "/profile ÷ ceiling", "p50 ms", "p90 ms", "p99 ms", "non-2xx", "server CPU %"],
            names.Select(n =>
            {
                List<HotPathRow> rows = [.. r.HotPath.Where(h => h.Target == n && h.Profile is not null)];
                List<WrkResult> p = [.. rows.Select(x => x.Profile!)];
                return new[]
                {
                    rows[0].Kind == "peer" ? $"{n} (peer)" : $"**{n}**",
                    Stat(rows.Select(x => x.Ceiling.Rps)),
                    Stat(p.Select(x => x.Rps)),
                    $"{Targets.Median(rows.Select(x => x.Ratio ?? 0)):0.00}",
                    $"{Targets.Median(p.Select(x => x.P50Ms)):0.00}",
                    $"{Targets.Median(p.Select(x => x.P90Ms)):0.00}",
                    $"{Targets.Median(p.Select(x => x.P99Ms)):0.00}",
                    $"{p.Sum(x => x.Non2xx) + p.Sum(x => x.SocketErrors)}",
                    $"{Targets.Median(p.Select(x => x.ServerCpuBusyPct)):0}",
                };
            }));
        if (r.HotPath.Any(h => h.Profile is { Non2xx: > 0 }))
        {
            d.P("**Some /profile responses were not 2xx**: those rows measured refusals, not the hot path.");
        }

        d.Image("hotpath.png", "requests per second per server",
            Charts.HotPath([.. names.Select(n => (n, Med(r, n, x => x.Ceiling.Rps), Med(r, n, x => x.Profile!.Rps)))]));
        d.Image("latency.png", "/profile latency per server",
            Charts.Latency([.. names.Select(n => (n, Med(r, n, x => x.Profile!.P50Ms), Med(r, n, x => x.Profile!.P90Ms), Med(r, n, x => x.Profile!.P99Ms)))]));
        d.Details("every round", string.Join('\n', r.HotPath.Select(h =>
            $"round {h.Round} {h.Target,-18} ceiling {h.Ceiling.Rps,10:N0} req/s p99 {h.Ceiling.P99Ms,7:0.00} ms | /profile "
            + (h.Profile is null ? h.Error : $"{h.Profile.Rps,10:N0} req/s p99 {h.Profile.P99Ms,7:0.00} ms non2xx {h.Profile.Non2xx} "
               + $"srv cpu {h.Profile.ServerCpuBusyPct:0}% wrk cpu {h.Profile.WrkCpuBusyPct:0}% steal {h.Profile.StealPct:0}%"))));
    }

    /// <summary>"12,345 req/s on /profile, 0.93 of its ceiling" or why there is no figure.</summary>
    public static string ProfileSummary(RunResults r, string target)
    {
        List<HotPathRow> rows = [.. r.HotPath.Where(h => h.Target == target && h.Profile is not null)];
        if (rows.Count == 0)
        {
            return "hot path not measured";
        }

        double? ratio = Targets.MedianRatio(r, target, target, denCeiling: true);
        return $"{Targets.Median(rows.Select(x => x.Profile!.Rps)):N0} req/s on /profile, {ratio:0.00} of its ceiling, p99 {Targets.Median(rows.Select(x => x.Profile!.P99Ms)):0.0} ms";
    }

    private static double Med(RunResults r, string n, Func<HotPathRow, double> f) =>
        Targets.Median(r.HotPath.Where(h => h.Target == n && h.Profile is not null).Select(f)) ?? 0;

    private static string Stat(IEnumerable<double> values)
    {
        double[] v = [.. values];
        return v.Length == 0 ? "-" : v.Length == 1 ? $"{v[0]:N0}" : $"{Targets.Median(v):N0} [{v.Min():N0}–{v.Max():N0}]";
    }
}
