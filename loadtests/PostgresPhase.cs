using LoadTests.Cli;
using LoadTests.Infra;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>What the PostgreSQL phase needs: the server build, where to run, how long to measure.</summary>
public sealed record PostgresPhaseSettings(
    string Dll, string SigningKey, string WorkDir, string ServerCpu, string LoadCpu,
    TimeSpan ScenarioDuration, TimeSpan CommitProbeDuration, int RevocationSamples, TimeSpan PollLimit);

/// <summary>
/// jwt-refresh on PostgreSQL beside the SQLite figures: this run's own PostgreSQL (default durability, pinned with the
/// servers), three AuthServer instances on one database, then logins, rotations with 8 workers and with one, the
/// refresh token refused on B and C after a logout on A, and pgbench's durable commits per second for the explanation.
/// </summary>
public static class PostgresPhase
{
    public const string Strategy = "jwt-refresh";

    public static async Task<PostgresResults> RunAsync(PostgresPhaseSettings s, ProgressReporter? progress, CancellationToken ct)
    {
        PostgresResults pr = new();
        if (!PostgresBench.Installed(out string bin))
        {
            pr.Status = "not measured";
            pr.Failure = "PostgreSQL is not installed (apt-get install -y postgresql)";
            return pr;
        }

        string logs = Path.Combine(s.WorkDir, "logs");
        progress?.Step("PostgreSQL: starting it and three jwt-refresh instances on it", 10);
        PostgresCluster? pg = null;
        List<ServerProcess> instances = [];
        try
        {
            pg = await PostgresCluster.StartAsync(durable: true, cpus: s.ServerCpu, maxConnections: 200, bin: bin);
            pr.Server = await pg.DescribeAsync(ct);
            string dir = Path.Combine(s.WorkDir, "postgres-" + Strategy);
            Directory.CreateDirectory(dir);
            AuthServerConfig config = new(s.Dll, Strategy, s.SigningKey, Path.Combine(dir, "unused.db"), "", dir, s.ServerCpu)
            {
                PostgresConnection = pg.ConnectionStringFor("authserver"),
            };
            // A first: it creates the database and its schema; B and C then find them.
            foreach (char name in "abc")
            {
                instances.Add(await AuthServerHost.StartAsync(config, $"pg-{name}", s.LoadCpu, ct: ct));
            }

            pr.Status = "ok";
            await MeasureAsync(s, pr, progress, pg, instances[0], instances[1], instances[2], ct);
        }
        catch (Exception e) when (e is ServerStartException or InvalidOperationException)
        {
            pr.Status = "failed-to-start";
            pr.Failure = e.Message;
            progress?.Say($"PostgreSQL phase: {e.Message}");
        }
        finally
        {
            instances.ForEach(i => i.Dispose());
            if (pg is not null)
            {
                // Its log lives in its own directory (the postgres user writes it): keep a copy with the run's logs.
                if (File.Exists(pg.LogPath))
                {
                    Directory.CreateDirectory(logs);
                    File.Copy(pg.LogPath, Path.Combine(logs, "postgres.log"), overwrite: true);
                }

                await pg.DisposeAsync();
            }
        }

        return pr;
    }

    private static async Task MeasureAsync(
        PostgresPhaseSettings s, PostgresResults pr, ProgressReporter? progress, PostgresCluster pg, ServerProcess a, ServerProcess b, ServerProcess c, CancellationToken ct)
    {
        await Scenario(pr, progress, "commit probe", async () =>
        {
            progress?.Step("PostgreSQL: durable commits per second (pgbench, 1 and 8 clients)", 2 * s.CommitProbeDuration.TotalSeconds);
            pr.Commits.Add(await pg.ProbeCommitsAsync(s.LoadCpu, 1, s.CommitProbeDuration, ct));
            pr.Commits.Add(await pg.ProbeCommitsAsync(s.LoadCpu, 8, s.CommitProbeDuration, ct));

            progress?.Result(string.Join(", ", pr.Commits.Select(x => $"{x.CommitsPerSecond:N0} commits/s with {x.Clients}")));
        });
        await Scenario(pr, progress, "login", async () =>
        {
            progress?.Step("PostgreSQL: login throughput", s.ScenarioDuration.TotalSeconds + 1);
            pr.Login = await ScenarioRunner.RunLoginAsync(a.BaseAddress, s.ScenarioDuration, 2, ct: ct);
            progress?.Result($"{pr.Login.RatePerSecond:N1} logins/s");
        });
        await Scenario(pr, progress, "refresh rotation", async () =>
        {
            progress?.Step("PostgreSQL: refresh rotation, 8 workers", s.ScenarioDuration.TotalSeconds + 2);
            await using (CpuWindow cpu = new(a.Process.CpuSeconds, pg.CpuSeconds))
            {
                pr.Refresh = await ScenarioRunner.RunRefreshRotationAsync(a.BaseAddress, s.ScenarioDuration, 8, ct);
                double[] used = cpu.LastSeconds(pr.Refresh.Seconds);
                (pr.RefreshServerCpuPct, pr.RefreshPostgresCpuPct) = (used[0], used[1]);
            }

            progress?.Result($"{pr.Refresh.RatePerSecond:N0} rotations/s, p99 {pr.Refresh.Latency.P99Ms:0.0} ms, {pr.Refresh.Failed} failed");
            progress?.Step("PostgreSQL: refresh rotation, one worker", s.ScenarioDuration.TotalSeconds + 1);
            pr.RefreshSingle = await ScenarioRunner.RunRefreshRotationAsync(a.BaseAddress, s.ScenarioDuration, 1, ct);
            progress?.Result($"{pr.RefreshSingle.RatePerSecond:N0} rotations/s, p50 {pr.RefreshSingle.Latency.P50Ms:0.0} ms");
        });
        await Scenario(pr, progress, "revocation", async () =>
        {
            progress?.Step($"PostgreSQL: logout on A, credentials on B and C ({s.RevocationSamples} logouts each)", 2 * s.RevocationSamples * s.PollLimit.TotalSeconds);
            pr.RevocationB = await ScenarioRunner.RunRevocationDelayAsync(a.BaseAddress, b.BaseAddress, s.RevocationSamples, s.PollLimit, ct);
            pr.RevocationC = await ScenarioRunner.RunRevocationDelayAsync(a.BaseAddress, c.BaseAddress, s.RevocationSamples, s.PollLimit, ct);
            pr.RevocationVerdict = Verdict(pr.RevocationB, pr.RevocationC);
            progress?.Result(pr.RevocationVerdict);
        });
    }

    /// <summary>jwt-refresh cannot refuse an access token before exp; its refresh token must be refused at once everywhere.</summary>
    internal static string Verdict(RevocationResult b, RevocationResult c) =>
        $"the refresh token was refused at once on B in {b.RefreshRefused}/{b.RefreshChecked} and on C in {c.RefreshRefused}/{c.RefreshChecked} logouts; "
        + $"the access token was still accepted until its exp in {b.StillAccepted + c.StillAccepted}/{b.Samples + c.Samples} (as the strategy promises)";

    private static async Task Scenario(PostgresResults pr, ProgressReporter? progress, string name, Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // One broken scenario must not cost the rest: it is reported instead.
            pr.Errors.Add($"{name}: {e.Message}");
            progress?.Say($"PostgreSQL: {name} failed: {e.Message}");
        }
    }
}
