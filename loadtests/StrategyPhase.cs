using System.Collections.Concurrent;
using LoadTests.Cli;
using LoadTests.Infra;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>
/// The multi-step scenarios of one strategy, on its instance A plus two more (B, C) sharing its SQLite file and Redis:
/// login and memory, refresh rotation, revocation delay A→B, scale-out through nginx, and the Redis outage.
/// </summary>
internal sealed class StrategyPhase(RunOptions o, RunResults results, ProgressReporter progress, Wrk wrk, RedisProcess redis, string workDir)
{
    public async Task RunAsync(StrategyInstances si, CancellationToken ct)
    {
        StrategyResults sr = results.Strategies[si.Strategy];
        StrategyInfo info = sr.Info ?? new StrategyInfo(si.Strategy, false, false, false, 0);
        HotTarget a = si.A;

        await Scenario(sr, "login and memory", () => LoginAndMemoryAsync(sr, a, ct), ct);
        await Scenario(sr, "refresh rotation", () => RefreshAsync(sr, info, a, ct), ct);
        if (si.B is not null)
        {
            await Scenario(sr, "revocation delay", () => RevocationAsync(sr, info, a, si.B, ct), ct);
        }

        if (si.B is not null && si.C is not null)
        {
            await Scenario(sr, "scale-out", () => ScaleOutAsync(sr, a, [a.BaseUrl.Port, si.B.Port, si.C.Port], ct), ct);
        }

        si.B?.Dispose();
        si.C?.Dispose();
        await Scenario(sr, "redis outage", () => OutageAsync(sr, a, ct), ct);
        (double rss, double peak) = a.Process.Memory();
        sr.Memory.RssAfterRunMb = Math.Round(rss, 1);
        sr.Memory.PeakRssMb = Math.Round(peak, 1);
        if (sr.Errors.Count > 0)
        {
            sr.Status = "partial";
        }
    }

    private async Task Scenario(StrategyResults sr, string name, Func<Task> run, CancellationToken cancel)
    {
        try
        {
            await run();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            // One broken scenario must not cost the rest of the run: it is reported instead.
            sr.Errors.Add($"{name}: {e.Message}");
            progress.Say($"{sr.Strategy}: {name} failed: {e.Message}");
        }
    }

    private async Task LoginAndMemoryAsync(StrategyResults sr, HotTarget a, CancellationToken ct)
    {
        progress.Step($"{sr.Strategy}: login throughput", o.ScenarioDuration.TotalSeconds + 1);
        ConcurrentBag<string> tokens = [];
        RedisSnapshot before = await RedisSnapshot.TakeAsync(redis);
        sr.Login = await ScenarioRunner.RunLoginAsync(a.BaseUrl, o.ScenarioDuration, 2, t => tokens.Add(t.AccessToken), ct);
        RedisSnapshot after = await RedisSnapshot.TakeAsync(redis);
        progress.Result($"{sr.Login.RatePerSecond:N1} logins/s, p99 {sr.Login.Latency.P99Ms:0.0} ms");
        long logins = sr.Login.Succeeded;
        if (sr.Strategy == "redis-session" && logins > 0)
        {
            sr.Memory.SessionsMeasured = logins;
            sr.Memory.RedisKeyBytesPer100kSessions = Math.Round((double)(after.KeyBytes - before.KeyBytes) / logins * 100_000);
            sr.Memory.RedisUsedMemoryPer100kSessions = Math.Round((double)(after.UsedMemory - before.UsedMemory) / logins * 100_000);
            sr.Memory.RedisKeysAdded = after.Keys - before.Keys;
            sr.Memory.Note = $"measured over {logins:N0} logins ({after.Keys - before.Keys:N0} keys added), extrapolated linearly to 100k sessions";
        }

        if (sr.Strategy == "jwt-blacklist" && !tokens.IsEmpty)
        {
            progress.Step($"{sr.Strategy}: logging out {tokens.Count:N0} tokens", 2);
            RedisSnapshot b0 = await RedisSnapshot.TakeAsync(redis);
            sr.Logout = await ScenarioRunner.RunLogoutsAsync(a.BaseUrl, [.. tokens], 8, ct);
            RedisSnapshot b1 = await RedisSnapshot.TakeAsync(redis);
            progress.Result($"{sr.Logout.RatePerSecond:N0} logouts/s");
            AddRevoked(sr, sr.Logout.Succeeded, b0, b1);
        }
    }

    /// <summary>jwt-blacklist: adds logouts and the Redis growth they caused to the per-100k figure (login run and revocation run).</summary>
    private static void AddRevoked(StrategyResults sr, long n, RedisSnapshot before, RedisSnapshot after)
    {
        if (n <= 0)
        {
            return;
        }

        MemoryResult m = sr.Memory;
        long total = (m.RevokedMeasured ?? 0) + n;
        // Weighted merge of the per-100k figures measured so far with this batch.
        m.RedisKeyBytesPer100kRevoked = Math.Round((((m.RedisKeyBytesPer100kRevoked ?? 0) * (m.RevokedMeasured ?? 0) / 100_000)
            + (after.KeyBytes - before.KeyBytes)) / total * 100_000);
        m.RedisUsedMemoryPer100kRevoked = Math.Round((((m.RedisUsedMemoryPer100kRevoked ?? 0) * (m.RevokedMeasured ?? 0) / 100_000)
            + (after.UsedMemory - before.UsedMemory)) / total * 100_000);
        m.RedisKeysAdded = (m.RedisKeysAdded ?? 0) + (after.Keys - before.Keys);
        m.RevokedMeasured = total;
        m.Note = $"measured over {total:N0} logouts ({m.RedisKeysAdded:N0} keys added), each of a token from its own login "
            + "(100k logins would take hours of password hashing here), extrapolated linearly to 100k revoked tokens";
    }

    /// <summary>Redis memory at one moment: used_memory, and the keys' own MEMORY USAGE summed.</summary>
    private sealed record RedisSnapshot(long UsedMemory, long Keys, long KeyBytes)
    {
        public static async Task<RedisSnapshot> TakeAsync(RedisProcess redis)
        {
            (long keys, long bytes) = await redis.KeyMemoryAsync();
            return new RedisSnapshot(await redis.UsedMemoryAsync(), keys, bytes);
        }
    }

    private async Task RefreshAsync(StrategyResults sr, StrategyInfo info, HotTarget a, CancellationToken ct)
    {
        if (!info.RefreshTokens)
        {
            sr.RefreshNote = "no refresh tokens under this strategy";
            return;
        }

        progress.Step($"{sr.Strategy}: refresh rotation", o.ScenarioDuration.TotalSeconds + 2);
        // The server's CPU use over the rotation window only (the setup before it is password hashing).
        await using (CpuWindow cpu = new(a.Process.CpuSeconds))
        {
            sr.Refresh = await ScenarioRunner.RunRefreshRotationAsync(a.BaseUrl, o.ScenarioDuration, 8, ct);
            sr.RefreshServerCpuPct = cpu.LastSeconds(sr.Refresh.Seconds)[0];
        }

        progress.Result($"{sr.Refresh.RatePerSecond:N0} rotations/s, p99 {sr.Refresh.Latency.P99Ms:0.0} ms, {sr.Refresh.Failed} failed");
        progress.Step($"{sr.Strategy}: refresh rotation, one worker", o.ScenarioDuration.TotalSeconds + 1);
        sr.RefreshSingle = await ScenarioRunner.RunRefreshRotationAsync(a.BaseUrl, o.ScenarioDuration, 1, ct);
        progress.Result($"{sr.RefreshSingle.RatePerSecond:N0} rotations/s, p50 {sr.RefreshSingle.Latency.P50Ms:0.0} ms");
    }

    private async Task RevocationAsync(StrategyResults sr, StrategyInfo info, HotTarget a, ServerProcess b, CancellationToken ct)
    {
        int samples = info.Revocable ? o.RevocationSamples : o.Quick ? 2 : 3;
        TimeSpan limit = Plan.PollLimit(o, info.Revocable);
        progress.Step($"{sr.Strategy}: revocation delay A→B ({samples} logouts)", Plan.RevocationSeconds(o, sr.Strategy));
        RedisSnapshot before = await RedisSnapshot.TakeAsync(redis);
        RevocationResult r = await ScenarioRunner.RunRevocationDelayAsync(a.BaseUrl, b.BaseAddress, samples, limit, ct);
        if (sr.Strategy == "jwt-blacklist")
        {
            AddRevoked(sr, r.Refused + r.StillAccepted, before, await RedisSnapshot.TakeAsync(redis));
            if (await redis.ProjectLargestSortedSetAsync(100_000) is (string key, long members, long bytes))
            {
                sr.Memory.RedisProjectedPer100kRevoked = bytes;
                sr.Memory.ProjectionNote = $"`{key}` (a sorted set, {members:N0} members after the run) rebuilt with 100k members of the same size";
            }
        }

        sr.Revocation = r;
        sr.RevocationVerdict = Verdict(r, info);
        progress.Result(sr.RevocationVerdict);
    }

    /// <summary>Says what was measured: a delay when B refused the credential, else how long it was still accepted.</summary>
    internal static string Verdict(RevocationResult r, StrategyInfo info)
    {
        int measured = r.Refused + r.StillAccepted;
        string refresh = r.RefreshChecked > 0 ? $"; the refresh token was refused on B at once in {r.RefreshRefused}/{r.RefreshChecked}" : "";
        if (measured == 0)
        {
            return $"not measured ({r.SetupFailures} samples failed before the logout)";
        }

        if (r.StillAccepted == 0)
        {
            return $"refused on instance B after p50 {r.Delay.P50Ms:0.0} ms, p99 {r.Delay.P99Ms:0.0} ms, max {r.Delay.MaxMs:0.0} ms ({r.Refused} logouts){refresh}";
        }

        string lifetime = info.AccessTokenLifetimeSeconds > 0 ? $"{info.AccessTokenLifetimeSeconds:0} s" : "its lifetime";
        string until = info.RefreshTokens ? $"until access exp ({lifetime})" : $"never until exp ({lifetime})";
        string partial = r.Refused > 0 ? $", refused in {r.Refused}" : "";
        return $"{until}: still accepted on B {r.PollLimitMs:0} ms after logout in {r.StillAccepted}/{measured} logouts{partial}{refresh}";
    }

    private async Task ScaleOutAsync(StrategyResults sr, HotTarget a, int[] ports, CancellationToken ct)
    {
        string conf = Path.Combine(o.RepoRoot, "deploy", "nginx.conf");
        using NginxHost one = await NginxHost.StartAsync(conf, [ports[0]], workDir, $"nginx-{sr.Strategy}-1", Orchestrator.ServerCpu);
        using NginxHost three = await NginxHost.StartAsync(conf, ports, workDir, $"nginx-{sr.Strategy}-3", Orchestrator.ServerCpu);
        double seg = o.WarmUp.TotalSeconds + o.Duration.TotalSeconds;
        // A fresh credential: an earlier Redis outage (another strategy's) may have wiped the hot path's session.
        string token;
        using (AuthClient client = new(a.BaseUrl, 2))
        {
            token = (await client.NewSessionAsync(ct)).Token.AccessToken;
        }

        progress.Step($"{sr.Strategy}: scale-out, 1 instance behind nginx", o.Duration.TotalSeconds);
        Uri u1 = new(one.BaseUrl, "/profile"), u3 = new(three.BaseUrl, "/profile");
        // Instance A and nginx are warm already; B and C are not, hence the warm-up before the second run only.
        WrkResult r1 = await wrk.RunAsync(u1, token, o.Duration, o.Connections, ct);
        progress.Result($"{r1.Rps:N0} req/s" + (r1.Non2xx > 0 ? $", {r1.Non2xx} non-2xx" : ""));
        progress.Step($"{sr.Strategy}: scale-out, 3 instances behind nginx", seg);
        await wrk.RunAsync(u3, token, o.WarmUp, o.Connections, ct);
        WrkResult r3 = await wrk.RunAsync(u3, token, o.Duration, o.Connections, ct);
        progress.Result($"{r3.Rps:N0} req/s" + (r3.Non2xx > 0 ? $", {r3.Non2xx} non-2xx" : ""));
        sr.ScaleOut = new ScaleOutResult(r1, r3);
    }

    private async Task OutageAsync(StrategyResults sr, HotTarget a, CancellationToken ct)
    {
        TimeSpan[] parts = Plan.OutageSeconds(o);
        TimeSpan total = parts[0] + parts[1] + parts[2];
        progress.Step($"{sr.Strategy}: Redis outage (kill at {parts[0].TotalSeconds:0}s, restart at {(parts[0] + parts[1]).TotalSeconds:0}s)", total.TotalSeconds);
        try
        {
            sr.Outage = await ScenarioRunner.RunTimelineAsync(a.BaseUrl, total, 16,
            [
                new TimelineAction(parts[0], "redis-server killed (SIGKILL)", () =>
                {
                    redis.Kill();
                    return Task.CompletedTask;
                }),
                new TimelineAction(parts[0] + parts[1], "redis-server restarted (empty: no persistence)", redis.StartAsync),
            ], ct);
        }
        finally
        {
            if (!await Ports.WaitListeningAsync(redis.Port, TimeSpan.FromMilliseconds(200)))
            {
                await redis.StartAsync();
            }
        }

        long ok = sr.Outage.Seconds.Sum(x => x.Ok), bad = sr.Outage.Seconds.Sum(x => x.Unavailable);
        progress.Result($"{ok:N0} 2xx, {bad:N0} 503 over {total.TotalSeconds:0} s");
    }
}
