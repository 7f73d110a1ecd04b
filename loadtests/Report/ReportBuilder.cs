using LoadTests.Infra;
using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>Turns the measurements into the report's sections; every figure comes from <see cref="RunResults"/>.</summary>
public static class ReportBuilder
{
    public static ReportDocument Build(RunResults r)
    {
        ReportDocument d = new();
        d.H(1, "AuthServer: which strategy when, measured");
        d.P($"Run {r.StartedAt:yyyy-MM-dd HH:mm} UTC, {(r.FinishedAt - r.StartedAt).TotalMinutes:0.0} min, "
            + $"{(r.Settings.Quick ? "**quick mode** (short segments, one round: indicative only)" : "full mode")}, "
            + $"AuthServer commit `{r.Machine.GitCommit}`, outcome: {r.Outcome}. "
            + $"Machine: {r.Machine.Cores} cores ({r.Machine.CpuModel}), {r.Machine.MemoryGb} GiB, {r.Machine.Os}.");
        foreach (string n in r.Notes)
        {
            d.P(n);
        }

        Summary(d, r);
        TargetsSection(d, r);
        HotPathSection.Write(d, r);
        ScenarioSections.Write(d, r);
        ServicesSection.Write(d, r.Services);
        PostgresSection.Write(d, r);
        MachineSection(d, r);
        return d;
    }

    private static void Summary(ReportDocument d, RunResults r)
    {
        d.H(2, "Which strategy when");
        List<string> items = [];
        foreach (StrategyResults s in r.Strategies.Values)
        {
            if (s.Status == "failed-to-start")
            {
                items.Add($"**{s.Strategy}**: not measured: failed to start ({s.Failure}).");
                continue;
            }

            string hot = HotPathSection.ProfileSummary(r, s.Strategy);
            string outage = ScenarioSections.OutageSummary(s);
            string revoke = s.RevocationVerdict ?? "revocation not measured";
            items.Add(s.Strategy switch
            {
                "stateless-jwt" => $"**stateless-jwt**: no lookup on the hot path ({hot}); Redis is irrelevant to it ({outage}). "
                    + $"Logout cannot revoke anything: {revoke}. For short-lived tokens between parties that trust each other, "
                    + "where a leaked token living until `exp` is acceptable.",
                "jwt-refresh" => $"**jwt-refresh**: the same hot path ({hot}) with short access tokens and rotating refresh tokens in SQLite "
                    + $"({(s.Refresh is null ? "rotation not measured" : $"{s.Refresh.RatePerSecond:N0} rotations/s")}"
                    + (r.Postgres?.Refresh is { } pr ? $"; in PostgreSQL {pr.RatePerSecond:N0}/s, shared by three instances" : "") + $"); {outage}. "
                    + $"Revocation: {revoke}. The default for browser and mobile clients that can live with minutes of access-token life after logout.",
                "jwt-blacklist" => $"**jwt-blacklist**: an in-process revocation set fed by Redis pub/sub, no Redis call per request ({hot}); revocation {revoke}. "
                    + $"When Redis dies: {outage}. For when a logout or a ban must take effect at once on every instance while clients keep JWTs.",
                "redis-session" => $"**redis-session**: an opaque id looked up in Redis ({hot}); revocation {revoke}. "
                    + $"When Redis dies: {outage}. For first-party apps that want full server-side control of sessions and can run Redis well.",
                _ => $"**{s.Strategy}**: {hot}; {revoke}; {outage}.",
            });
        }

        d.Items([.. items, .. ServicesSection.Summary(r.Services)]);
        d.P("Absolute numbers on this 2-core VM mean little: compare ratios measured side by side in the same run. "
            + "The servers get CPU 0, the load generators CPU 1.");
    }

    private static void TargetsSection(ReportDocument d, RunResults r)
    {
        d.H(2, "Targets");
        d.Table(["target", "threshold", "measured", "status", "note"],
            r.Targets.Select(t => new[] { t.Target, t.Threshold, t.Measured, t.Status == "met" || t.Status == "missed" ? $"**{t.Status}**" : t.Status, t.Note ?? "" }));
        int missed = r.Targets.Count(t => t.Status == "missed"), notMeasured = r.Targets.Count(t => t.Status == "not measured");
        d.P($"{r.Targets.Count(t => t.Status == "met")} met, {missed} missed, {notMeasured} not measured. "
            + "A miss is left visible here, with its figure; see the sections below for what was measured.");
    }

    private static void MachineSection(ReportDocument d, RunResults r)
    {
        d.H(2, "Machine and method");
        MachineInfo m = r.Machine;
        d.Table(["what", "value"],
        [
            ["cores", m.Cores.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            ["cpu", m.CpuModel],
            ["memory", $"{m.MemoryGb} GiB"],
            ["os / kernel", $"{m.Os} / {m.Kernel}"],
            ["runtime of the load tests", m.Runtime],
            ["load average at start (1, 5, 15 min)", m.LoadAverageAtStart],
            .. m.Tools.Select(t => new[] { t.Key, t.Value }),
            ["settings", $"wrk segments {r.Settings.DurationSeconds:0.#} s after {r.Settings.WarmUpSeconds:0.#} s warm-up, {r.Settings.Rounds} round(s); "
                + $"C# scenarios {r.Settings.ScenarioDurationSeconds:0.#} s; "
                + $"{r.Settings.Connections} wrk connections, {r.Settings.RevocationSamples} revocation samples; servers on CPU {r.Settings.ServerCpus}, load on CPU {r.Settings.LoadCpus}"],
        ]);
        d.Items(
            "Every AuthServer process runs the Release build with `ASPNETCORE_ENVIRONMENT=Production`, a random 64-character HS256 key "
                + "shared by the instances of a strategy, one SQLite file per strategy, this run's own `redis-server` (no persistence) "
                + "and the login and registration limits (`RateLimiting__*`) at 1000000: every worker comes from one address.",
            "Hot path: `wrk -t1` with fixed connections and a Lua script that sets `Authorization: Bearer`; the ceiling request carries no header. "
                + "Every server is measured in each round, ceiling then /profile, after a warm-up of the same URL; "
                + (r.Settings.JitWarmUpSeconds > 0
                    ? $"before the first round each server ran {r.Settings.JitWarmUpSeconds:0.#} s of load on each of the two URLs, unmeasured, so the JIT had tiered up its code."
                    : "no longer warm-up before the first round (quick run), so round 1 may measure code the JIT has not optimised yet."),
            "Multi-step scenarios (login, refresh, revocation, outage): a C# runner over `SocketsHttpHandler`, latencies in HdrHistogram.",
            r.Postgres is null
                ? "jwt-refresh on PostgreSQL: not in this run."
                : "jwt-refresh on PostgreSQL: this run's own PostgreSQL from Debian's package with its default durability (fsync and synchronous commit on), "
                    + "pinned to the server CPU; three AuthServer instances on one database; the same C# scenarios as on SQLite, pgbench for the commit cost.",
            "Scale-out runs nginx from `deploy/nginx.conf` (the file docker-compose uses) with the upstream host names replaced by loopback ports.",
            "Peers (`shared/bench/peers`) are built with their own toolchains when present: " + (r.Peers.Count == 0 ? "none this run." : string.Join("; ", r.Peers.Select(p => $"{p.Name}: {(p.Available ? "measured" : p.Note)}"))));
    }
}
