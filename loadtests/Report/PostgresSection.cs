using LoadTests.Infra;
using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>jwt-refresh on PostgreSQL beside the same strategy on SQLite, with the commit cost that bounds both.</summary>
public static class PostgresSection
{
    public static void Write(ReportDocument d, RunResults r)
    {
        if (r.Postgres is not { } pg)
        {
            return;
        }

        d.H(2, "jwt-refresh on PostgreSQL beside SQLite");
        d.P("The same jwt-refresh server with its users and refresh tokens in PostgreSQL (`ConnectionStrings:Postgres`) instead of one SQLite file: "
            + $"this run's own PostgreSQL ({pg.Server ?? "not started"}), pinned to CPU {r.Settings.ServerCpus} like the servers, so AuthServer and "
            + "PostgreSQL share one core; three instances on one database. Each rotation is one conditional statement and one durable commit "
            + "([docs/scaling.md](../../docs/scaling.md)); the SQLite row is the jwt-refresh run above, on its own file.");
        if (pg.Status != "ok")
        {
            d.P($"Not measured: {pg.Failure}.");
            return;
        }

        StrategyResults? sqlite = r.Strategies.GetValueOrDefault("jwt-refresh");
        d.Table(["store", "logins/s", "rotations/s (8 workers)", "rotation p50 / p99 ms", "rotation failures", "AuthServer CPU %", "PostgreSQL CPU %",
                "rotations/s (1 worker)", "refresh token after a logout on A"],
        [
            Row("SQLite", sqlite?.Login, sqlite?.Refresh, sqlite?.RefreshServerCpuPct, null, sqlite?.RefreshSingle,
                sqlite?.Revocation is { RefreshChecked: > 0 } v ? $"refused on B at once in {v.RefreshRefused}/{v.RefreshChecked}" : "-"),
            Row("PostgreSQL", pg.Login, pg.Refresh, pg.RefreshServerCpuPct, pg.RefreshPostgresCpuPct, pg.RefreshSingle,
                pg is { RevocationB: { } b, RevocationC: { } c } ? $"refused at once on B in {b.RefreshRefused}/{b.RefreshChecked}, on C in {c.RefreshRefused}/{c.RefreshChecked}" : "-"),
        ]);
        if (pg.Commits.Count > 0)
        {
            d.P("What a commit costs on this machine: pgbench, one-row INSERT per transaction, durable (the server's defaults): "
                + string.Join(", ", pg.Commits.Select(x => $"{x.CommitsPerSecond:N0} commits/s with {x.Clients} client{(x.Clients == 1 ? "" : "s")} (average {x.LatencyMs:0.00} ms)"))
                + ". With one client every commit waits for its own WAL flush; with several, concurrent commits share a flush. "
                + "A rotation commits once, so these bound it from above; CPU shared with AuthServer bounds it too.");
        }

        if (pg.RevocationVerdict is not null)
        {
            d.P($"Logout on instance A, then the same credentials on B and on C: {pg.RevocationVerdict}.");
        }

        if (pg.Errors.Count > 0)
        {
            d.Items(pg.Errors.Select(e => $"not measured: {e}"));
        }
    }

    /// <summary>For the summary and the targets: one line on what bounds rotation on PostgreSQL, from this run's figures.</summary>
    public static string Explain(PostgresResults pg)
    {
        if (pg.Refresh is not { } t)
        {
            return pg.Failure ?? pg.Errors.FirstOrDefault() ?? "not measured";
        }

        string cpu = pg.RefreshServerCpuPct is double a && pg.RefreshPostgresCpuPct is double p
            ? $"; AuthServer {a:0}% and PostgreSQL {p:0}% of the one core they share" + (a + p >= 90 ? " (saturated: CPU-bound)" : "")
            : "";
        string one = pg.RefreshSingle is { } s ? $"; one worker: {s.RatePerSecond:N0}/s at p50 {s.Latency.P50Ms:0.0} ms" : "";
        string commits = pg.Commits.Count > 0 ? "; durable commits (pgbench): " + string.Join(", ", pg.Commits.Select(x => $"{x.CommitsPerSecond:N0}/s with {x.Clients}")) : "";
        return $"8 workers, p50 {t.Latency.P50Ms:0.0} ms, p99 {t.Latency.P99Ms:0.0} ms{cpu}{one}{commits}";
    }

    private static string[] Row(string store, ThroughputResult? login, ThroughputResult? refresh, double? cpu, double? pgCpu, ThroughputResult? single, string after) =>
    [
        store,
        login is null ? "-" : $"{login.RatePerSecond:N1}",
        refresh is null ? "-" : $"{refresh.RatePerSecond:N0}",
        refresh is null ? "-" : $"{refresh.Latency.P50Ms:0.0} / {refresh.Latency.P99Ms:0.0}",
        refresh is null ? "-" : refresh.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        cpu is double c ? $"{c:0}" : "-",
        pgCpu is double p ? $"{p:0}" : "-",
        single is null ? "-" : $"{single.RatePerSecond:N0} (p50 {single.Latency.P50Ms:0.0} ms)",
        after,
    ];
}
