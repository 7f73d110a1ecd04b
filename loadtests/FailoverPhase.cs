using System.Collections.Concurrent;
using System.Net;
using LoadTests.Cli;
using LoadTests.Infra;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>
/// The Redis strategies behind Sentinel: a group of their own (primary, two replicas, three Sentinels), revocation latency
/// with and without waiting for a replica (<c>Redis:WaitForReplicas</c> 1 against 0, interleaved on two instances), then
/// steady /profile load through the SIGKILL of the primary until well after a replica is promoted.
/// </summary>
internal sealed class FailoverPhase(RunOptions o, RunResults results, ProgressReporter progress, string workDir, string dll, string key)
{
    public const int Replicas = 2;
    public static readonly string[] Strategies = ["jwt-blacklist", "redis-session"];

    public async Task RunAsync(string strategy, CancellationToken ct)
    {
        StrategyResults sr = results.Strategies[strategy];
        try
        {
            progress.Step($"{strategy}: Sentinel group and two instances", 10);
            using SentinelHost group = await SentinelHost.StartAsync(workDir, Orchestrator.ServerCpu, Replicas);
            string dir = Path.Combine(workDir, "failover-" + strategy);
            Directory.CreateDirectory(dir);
            AuthServerConfig waiting = new(dll, strategy, key, Path.Combine(dir, "auth.db"), group.ConnectionString, dir, Orchestrator.ServerCpu);
            using ServerProcess a = await AuthServerHost.StartAsync(waiting, $"{strategy}-sentinel", ct: ct);
            using ServerProcess a0 = await AuthServerHost.StartAsync(
                waiting with { Settings = new Dictionary<string, string> { ["Redis__WaitForReplicas"] = "0" } }, $"{strategy}-sentinel-nowait", ct: ct);
            await ReadyAsync(a, ct);
            await ReadyAsync(a0, ct);

            List<WriteCost> costs = await WriteCostsAsync(strategy, a, a0, ct);
            (TimelineResult timeline, double? promoted) = await TimelineAsync(strategy, group, a, ct);
            sr.Failover = new FailoverResult(timeline, promoted, Replicas, costs);
            progress.Result(promoted is double p ? $"replica promoted {p:0.00} s after the kill; {Recovery(sr.Failover)}" : "no promotion seen");
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            sr.Errors.Add("Sentinel failover: " + e.Message);
            sr.Status = "partial";
            progress.Say($"{strategy}: Sentinel failover failed: {e.Message}");
        }
    }

    public static double PlannedSeconds(RunOptions o) => 25 + LoginTime(o).TotalSeconds + Before(o).TotalSeconds + After(o).TotalSeconds;

    /// <summary>"503s for 2.1 s, then all 2xx" or similar.</summary>
    public static string Recovery(FailoverResult f)
    {
        TimelineEvent? kill = f.Timeline.Events.FirstOrDefault(e => e.What.Contains("killed", StringComparison.Ordinal));
        if (kill is null)
        {
            return "no kill recorded";
        }

        TimelineSecond? lastBad = f.Timeline.Seconds.LastOrDefault(s => s.Unavailable + s.Unauthorized + s.Other + s.Errors > 0);
        return lastBad is null || lastBad.Second + 1 <= kill.AtSeconds
            ? "/profile never answered anything but 2xx"
            : $"/profile answered only 2xx again from {lastBad.Second + 1 - kill.AtSeconds:0.0} s after the kill";
    }

    private static TimeSpan LoginTime(RunOptions o) => TimeSpan.FromSeconds(o.Quick ? 3 : 12);

    private static TimeSpan Before(RunOptions o) => TimeSpan.FromSeconds(o.Quick ? 2 : 4);

    private static TimeSpan After(RunOptions o) => TimeSpan.FromSeconds(o.Quick ? 8 : 12);

    /// <summary>
    /// Writes one at a time, alternating between the instance that waits for a replica and the one that does not, in two
    /// rounds: logouts (credentials from logins, so few: a login is 0.1 s of hashing), and under jwt-blacklist RFC 7009
    /// revocations of one token again and again (each one the same write and WAIT as a logout's, so many).
    /// </summary>
    private async Task<List<WriteCost>> WriteCostsAsync(string strategy, ServerProcess a, ServerProcess a0, CancellationToken ct)
    {
        progress.Step($"{strategy}: logins for the WAIT cost", LoginTime(o).TotalSeconds);
        ConcurrentBag<string> tokens = [];
        await ScenarioRunner.RunLoginAsync(a.BaseAddress, LoginTime(o), 2, t => tokens.Add(t.AccessToken), ct);
        string[] all = [.. tokens];
        int quarter = (all.Length - 1) / 4;
        string[] revoked = [.. Enumerable.Repeat(all[^1], o.Quick ? 50 : 300)];
        List<WriteCost> costs = [];
        progress.Step($"{strategy}: write latency, WAIT on and off ({4 * quarter} logouts)", 2 + (strategy == "jwt-blacklist" ? revoked.Length * 4 * 0.003 : 0));
        for (int round = 1; round <= 2; round++)
        {
            foreach ((ServerProcess host, int wait, int slice) in new[] { (a0, 0, 0), (a, 1, 1) })
            {
                int from = (((round - 1) * 2) + slice) * quarter;
                costs.Add(new WriteCost("logout", round, wait, await ScenarioRunner.RunLogoutsAsync(host.BaseAddress, all[from..(from + quarter)], 1, ct)));
                if (strategy == "jwt-blacklist")
                {
                    costs.Add(new WriteCost("revoke", round, wait, await ScenarioRunner.RunRevocationsAsync(host.BaseAddress, revoked, 1, ct)));
                }
            }
        }

        string P50(string kind, int wait) => string.Join(" / ", costs.Where(c => c.Kind == kind && c.WaitForReplicas == wait).Select(c => $"{c.Result.Latency.P50Ms:0.00}"));
        progress.Result($"logout p50 ms without WAIT {P50("logout", 0)}, with {P50("logout", 1)}"
            + (strategy == "jwt-blacklist" ? $"; revoke p50 ms without {P50("revoke", 0)}, with {P50("revoke", 1)}" : ""));
        return costs;
    }

    private async Task<(TimelineResult Timeline, double? Promoted)> TimelineAsync(string strategy, SentinelHost group, ServerProcess a, CancellationToken ct)
    {
        TimeSpan before = Before(o), total = before + After(o);
        progress.Step($"{strategy}: Sentinel failover (primary SIGKILLed at {before.TotalSeconds:0}s)", total.TotalSeconds);
        int primary = group.FirstPrimaryPort;
        Task<(int Port, TimeSpan After)>? promotion = null;
        TimelineResult t = await ScenarioRunner.RunTimelineAsync(a.BaseAddress, total, 16,
        [
            new TimelineAction(before, "primary killed (SIGKILL)", () =>
            {
                group.Kill(primary);
                promotion = group.WaitForPromotionAsync(primary, TimeSpan.FromSeconds(30));
                return Task.CompletedTask;
            }),
        ], ct);
        if (promotion is null)
        {
            return (t, null);
        }

        TimeSpan after = (await promotion).After;
        double killedAt = t.Events[0].AtSeconds;
        List<TimelineEvent> events = [.. t.Events, new TimelineEvent(Math.Round(killedAt + after.TotalSeconds, 2), "replica promoted (named by the Sentinels)")];
        return (t with { Events = events }, Math.Round(after.TotalSeconds, 2));
    }

    private static async Task ReadyAsync(ServerProcess host, CancellationToken ct)
    {
        using HttpClient http = new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        DateTime end = DateTime.UtcNow.AddSeconds(30);
        while ((await http.GetAsync("/health/ready", ct)).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > end)
            {
                throw new TimeoutException($"{host.Name} was not ready within 30 s");
            }

            await Task.Delay(100, ct);
        }
    }
}
