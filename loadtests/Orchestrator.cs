using System.Diagnostics;
using System.Security.Cryptography;
using LoadTests.Cli;
using LoadTests.Infra;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>The whole run: build, start what is needed, run the phases, write the report, stop everything.</summary>
public static class Orchestrator
{
    public const string ServerCpu = "0";
    private static readonly string[] s_tools = ["wrk", "nginx", "redis-server", "taskset"];

    public static async Task<int> RunAsync(RunOptions o, CancellationToken ct)
    {
        string[] missing = [.. s_tools.Where(t => !Cmd.Exists(t))];
        if (missing.Length > 0)
        {
            Console.Error.WriteLine($"missing: {string.Join(", ", missing)}. On Debian: apt-get install -y wrk nginx redis-server util-linux");
            return 2;
        }

        string loadCpu = Environment.ProcessorCount >= 2 ? "1" : "0";
        DirectoryInfo work = Directory.CreateTempSubdirectory("authserver-loadtests-");
        Directory.CreateDirectory(o.OutDir);
        RunResults results = new()
        {
            Machine = await MachineInfo.CollectAsync(o.RepoRoot),
            Settings = new RunSettings(o.Quick, o.Strategies, o.Duration.TotalSeconds, o.ScenarioDuration.TotalSeconds, o.WarmUp.TotalSeconds, o.Rounds,
                o.Connections, o.RevocationSamples, ServerCpu, loadCpu, o.JitWarmUp.TotalSeconds, o.Pairs),
            StartedAt = DateTimeOffset.UtcNow,
        };
        foreach (string s in o.Strategies)
        {
            results.Strategies[s] = new StrategyResults { Strategy = s };
        }

        using ProgressReporter progress = new(Plan.TotalSeconds(o));
        RedisProcess? redis = null;
        int exit = 0;
        try
        {
            Console.WriteLine($"AuthServer load tests: {string.Join(", ", o.Strategies)}{(o.Quick ? " (quick)" : "")}; work dir {work.FullName}");
            string dll = Path.Combine(o.RepoRoot, "src", "AuthServer", "bin", "Release", "net10.0", "AuthServer.dll");
            progress.Step("building src/AuthServer and the peers", Plan.BuildSeconds);
            Task<string?> build = o.Build ? BuildServerAsync(o.RepoRoot, ct) : Task.FromResult<string?>(null);
            Peers? peers = o.PeersDir is null || o.FailoverOnly ? null
                : new Peers(o.PeersDir, Path.Combine(Path.GetTempPath(), "authserver-loadtests-peers"), o.Quick ? Peers.TargetNames : Peers.Names);
            if (peers is not null)
            {
                results.Peers.AddRange(await peers.PrepareAsync(ct));
            }

            results.BuildError = await build;
            if (results.BuildError is null && !File.Exists(dll))
            {
                results.BuildError = $"{dll} does not exist";
            }

            if (results.BuildError is not null)
            {
                progress.Say("AuthServer build failed: every strategy is reported as failed to start");
            }

            PinSelf(loadCpu);
            string key = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
            if (!o.FailoverOnly)
            {
                redis = new RedisProcess(ServerCpu, work.FullName);
                await redis.StartAsync();
                await RunStrategiesAsync(o, results, progress, work.FullName, key, dll, redis, peers, loadCpu, ct);
            }

            // Last: each Redis strategy again behind a Sentinel group of its own, whose primary is killed.
            FailoverPhase failover = new(o, results, progress, work.FullName, dll, key);
            foreach (string strategy in o.Strategies.Where(s => FailoverPhase.Strategies.Contains(s) && results.BuildError is null))
            {
                await failover.RunAsync(strategy, ct);
            }

            if (!o.FailoverOnly && o.Postgres && o.Strategies.Contains(PostgresPhase.Strategy) && results.BuildError is null)
            {
                results.Postgres = await PostgresPhase.RunAsync(Plan.Postgres(o, dll, key, work.FullName, loadCpu), progress, ct);
            }

            if (redis is not null && o.Services && results.BuildError is null)
            {
                results.Services = await RunServicesAsync(o, key, work.FullName, redis.ConnectionString, loadCpu, progress, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            results.Outcome = "cancelled";
            exit = 130;
        }
        catch (Exception e)
        {
            results.Outcome = "aborted: " + e.Message;
            progress.Say("run aborted: " + e);
            exit = 1;
        }
        finally
        {
            redis?.Dispose();
            ManagedProcess.KillAll();
        }

        results.FinishedAt = DateTimeOffset.UtcNow;
        Disturbance.Note(results);
        results.Targets = Targets.Evaluate(results);
        progress.Step("writing the report", 1);
        await ReportWriter.WriteAsync(results, o.OutDir);
        progress.Dispose();
        Console.WriteLine($"report: {Path.Combine(o.OutDir, "report.md")} ({(results.FinishedAt - results.StartedAt).TotalSeconds:0} s)");
        foreach (TargetCheck t in results.Targets)
        {
            Console.WriteLine($"  {t.Status,-12} {t.Target}: {t.Measured} (target {t.Threshold})");
        }

        try
        {
            work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // a log still open; /tmp is cleaned anyway
        }

        return exit;
    }

    private static async Task RunStrategiesAsync(
        RunOptions o, RunResults results, ProgressReporter progress, string work, string key, string dll, RedisProcess redis, Peers? peers, string loadCpu, CancellationToken ct)
    {
        Wrk wrk = new(work, loadCpu, ServerCpu);
        HotPathPhase hot = new(o, results, progress, wrk, work, key, dll, redis, peers);
        await using (hot)
        {
            await hot.RunAsync(ct);
            StrategyPhase phase = new(o, results, progress, wrk, redis, work);
            foreach (StrategyInstances si in hot.Started)
            {
                string strategy = si.Strategy;
                try
                {
                    await phase.RunAsync(si, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    results.Strategies[strategy].Errors.Add("aborted: " + e.Message);
                    results.Strategies[strategy].Status = "partial";
                    progress.Say($"{strategy}: aborted: {e}");
                }

                hot.Stop(si.A);
            }
        }
    }

    internal static async Task<string?> BuildServerAsync(string repoRoot, CancellationToken ct)
    {
        string proj = Path.Combine(repoRoot, "src", "AuthServer", "AuthServer.csproj");
        if (!File.Exists(proj))
        {
            return $"{proj} does not exist";
        }

        Cmd.Result r = await Cmd.RunAsync("dotnet", ["build", proj, "-c", "Release", "-nologo", "-v", "q"],
            repoRoot, TimeSpan.FromMinutes(8), ct);
        return r.ExitCode == 0 ? null : "dotnet build src/AuthServer failed:\n" + string.Join('\n', r.Output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(10));
    }

    // After the strategies: a second service (samples/OrdersApi) in front of each, every variant side by side.
    private static async Task<ServicesResults> RunServicesAsync(RunOptions o, string key, string work, string redis, string loadCpu, ProgressReporter progress, CancellationToken ct)
    {
        progress.Step("building samples/OrdersApi", Plan.BuildSeconds);
        if (await ServicesPhase.BuildAsync(o.RepoRoot, ct) is string error)
        {
            ServicesResults failed = new() { Status = "failed-to-build" };
            failed.Errors.Add(error);
            return failed;
        }

        return await new ServicesPhase(Plan.Services(o, key, work, redis, loadCpu), progress).RunAsync(ct);
    }

    /// <summary>The C# load generator shares the load CPU with wrk; servers get the other.</summary>
    internal static void PinSelf(string cpu)
    {
        if (OperatingSystem.IsLinux() && Environment.ProcessorCount >= 2)
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1 << int.Parse(cpu, System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

/// <summary>Planned seconds per step, for the progress percentage.</summary>
public static class Plan
{
    public const double BuildSeconds = 20;

    public static double TotalSeconds(RunOptions o)
    {
        double failover = o.Strategies.Count(FailoverPhase.Strategies.Contains) * FailoverPhase.PlannedSeconds(o);
        if (o.FailoverOnly)
        {
            return BuildSeconds + failover;
        }

        double seg = o.WarmUp.TotalSeconds + o.Duration.TotalSeconds;
        int servers = o.Strategies.Count + (o.PeersDir is null ? 0 : o.Quick ? Peers.TargetNames.Length : Peers.Names.Length);
        double hot = (servers * ((o.Rounds * 2 * seg) + (2 * o.JitWarmUp.TotalSeconds))) + (o.Rounds * HotPathPairs.PlannedSeconds(o));
        double per = o.Strategies.Sum(s => o.ScenarioDuration.TotalSeconds + 2 + (s == "jwt-refresh" ? (2 * o.ScenarioDuration.TotalSeconds) + 3 : 0)
            + RevocationSeconds(o, s) + seg + o.Duration.TotalSeconds + OutageSeconds(o).Sum(x => x.TotalSeconds));
        double postgres = o.Postgres && o.Strategies.Contains(PostgresPhase.Strategy) ? PostgresSeconds(o) : 0;
        return BuildSeconds + 15 + hot + per + failover + postgres + (o.Services ? BuildSeconds + ServicesSeconds(o) : 0);
    }

    internal static ServicesPhaseSettings Services(RunOptions o, string key, string workDir, string redis, string loadCpu) => new(
        o,
        Path.Combine(o.RepoRoot, "src", "AuthServer", "bin", "Release", "net10.0", "AuthServer.dll"),
        Path.Combine(o.RepoRoot, "samples", "OrdersApi", "bin", "Release", "net10.0", "OrdersApi.dll"),
        key, workDir, redis, new Wrk(workDir, loadCpu, Orchestrator.ServerCpu));

    /// <summary>Start-up, JIT warm-up and interleaved rounds of every variant, then its logouts.</summary>
    public static double ServicesSeconds(RunOptions o)
    {
        ServiceVariant[] variants = [.. o.Strategies.SelectMany(ServicesPhase.VariantsOf)];
        double seg = 2 * (o.WarmUp + o.Duration).TotalSeconds;
        double revocation = variants.Sum(v => v.Strategy is "jwt-blacklist" or "redis-session"
            ? v.CacheSeconds > 0 ? (o.Quick ? 2 : 5) * (v.CacheSeconds + 0.5) : o.RevocationSamples * 0.05
            : (o.Quick ? 2 : 3) * PollLimit(o, revocable: false).TotalSeconds);
        return 20 + (variants.Length * ((o.Rounds * seg) + (2 * o.JitWarmUp.TotalSeconds))) + revocation;
    }

    public static double PostgresSeconds(RunOptions o) =>
        10 + (2 * PostgresCommitProbe(o).TotalSeconds) + (3 * o.ScenarioDuration.TotalSeconds) + 4 + (4 * PostgresSamples(o) * PollLimit(o, false).TotalSeconds);

    public static PostgresPhaseSettings Postgres(RunOptions o, string dll, string key, string workDir, string loadCpu) =>
        new(dll, key, workDir, Orchestrator.ServerCpu, loadCpu, o.ScenarioDuration, PostgresCommitProbe(o), PostgresSamples(o), PollLimit(o, revocable: false));

    private static TimeSpan PostgresCommitProbe(RunOptions o) => TimeSpan.FromSeconds(o.Quick ? 1 : 3);

    private static int PostgresSamples(RunOptions o) => o.Quick ? 2 : 3;

    public static double RevocationSeconds(RunOptions o, string s) =>
        s is "jwt-blacklist" or "redis-session" ? o.RevocationSamples * 0.3 : (o.Quick ? 2 : 3) * PollLimit(o, revocable: false).TotalSeconds;

    public static TimeSpan PollLimit(RunOptions o, bool revocable) =>
        revocable ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(o.Quick ? 0.5 : 2);

    /// <summary>Before the kill, Redis down, after the restart.</summary>
    public static TimeSpan[] OutageSeconds(RunOptions o) => o.Quick
        ? [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)]
        : [o.ScenarioDuration, TimeSpan.FromSeconds(Math.Max(o.ScenarioDuration.TotalSeconds, 3)), TimeSpan.FromSeconds(Math.Max(o.ScenarioDuration.TotalSeconds, 4))];
}
