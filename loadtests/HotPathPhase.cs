using System.Net;
using LoadTests.Cli;
using LoadTests.Infra;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests;

/// <summary>A server in the hot-path rounds: a peer or one AuthServer strategy (its instance A).</summary>
public sealed record HotTarget(string Name, string Kind, Uri BaseUrl, string CeilingPath, string Token, ManagedProcess Process)
{
    public ServerProcess? Host { get; init; }
}

/// <summary>
/// Starts the peers and one instance per strategy (all pinned to the server CPU, idle ones cost little),
/// then measures ceiling and /profile of each in interleaved rounds, so every server sees the same machine.
/// </summary>
internal sealed class HotPathPhase(
    RunOptions o, RunResults results, ProgressReporter progress, Wrk wrk, string workDir, string key, string dll,
    RedisProcess redis, Peers? peers) : IAsyncDisposable
{
    private readonly List<HotTarget> _targets = [];
    private int _starts;

    public List<StrategyInstances> Started { get; } = [];

    public async Task RunAsync(CancellationToken ct)
    {
        progress.Step("starting servers", 12);
        await Task.WhenAll(StartPeersAsync(ct), StartStrategiesAsync(ct));
        _targets.Sort((x, y) => (x.Kind == "peer" ? 0 : 1).CompareTo(y.Kind == "peer" ? 0 : 1));
        if (o.JitWarmUp > TimeSpan.Zero)
        {
            foreach (HotTarget t in _targets)
            {
                await JitWarmUpAsync(t, ct);
            }
        }

        HotPathPairs pairs = new(o, results, progress, wrk);
        for (int round = 1; round <= o.Rounds; round++)
        {
            foreach (HotTarget t in _targets)
            {
                await MeasureAsync(round, t, ct);
            }

            await pairs.MeasureAsync(round, _targets, FreshTokenAsync, ct);
        }

        foreach (StrategyInstances si in Started)
        {
            results.Strategies[si.Strategy].Memory.RssAfterHotPathMb = Math.Round(si.A.Process.Memory().RssMb, 1);
        }

        // The peers are done: only the strategies go on.
        foreach (HotTarget t in _targets.Where(t => t.Kind == "peer").ToList())
        {
            results.PeerRssMb[t.Name] = Math.Round(t.Process.Memory().RssMb, 1);
            Stop(t);
        }
    }

    public void Stop(HotTarget t)
    {
        (t.Host as IDisposable ?? t.Process).Dispose();
        _targets.Remove(t);
    }

    public ValueTask DisposeAsync()
    {
        foreach (HotTarget t in _targets.ToList())
        {
            Stop(t);
        }

        foreach (StrategyInstances si in Started)
        {
            si.B?.Dispose();
            si.C?.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task MeasureAsync(int round, HotTarget t, CancellationToken ct)
    {
        string label = $"hot path round {round}/{o.Rounds}: {t.Name}";
        progress.Step($"{label} {t.CeilingPath}", o.WarmUp.TotalSeconds + o.Duration.TotalSeconds);
        try
        {
            Uri ceilingUrl = new(t.BaseUrl, t.CeilingPath);
            await wrk.RunAsync(ceilingUrl, null, o.WarmUp, o.Connections, ct);
            WrkResult ceiling = await wrk.RunAsync(ceilingUrl, null, o.Duration, o.Connections, ct);
            progress.Result($"{ceiling.Rps:N0} req/s, p99 {ceiling.P99Ms:0.0} ms");

            progress.Step($"{label} /profile", o.WarmUp.TotalSeconds + o.Duration.TotalSeconds);
            Uri profileUrl = new(t.BaseUrl, "/profile");
            string token = t.Kind == "strategy" ? await FreshTokenAsync(t.BaseUrl, ct) : t.Token;
            await wrk.RunAsync(profileUrl, token, o.WarmUp, o.Connections, ct);
            WrkResult profile = await wrk.RunAsync(profileUrl, token, o.Duration, o.Connections, ct);
            progress.Result($"{profile.Rps:N0} req/s, p99 {profile.P99Ms:0.0} ms, {profile.Rps / Math.Max(ceiling.Rps, 1):0.00} of ceiling"
                + (profile.Non2xx > 0 ? $", {profile.Non2xx} non-2xx!" : ""));
            // A refused credential is cheap to answer: such a run measured refusals, not the hot path.
            bool refused = profile.Non2xx + profile.SocketErrors > profile.Requests / 100;
            results.HotPath.Add(refused
                ? new HotPathRow(round, t.Name, t.Kind, t.CeilingPath, ceiling, null,
                    $"/profile: {profile.Non2xx:N0} non-2xx and {profile.SocketErrors:N0} socket errors of {profile.Requests:N0} requests")
                : new HotPathRow(round, t.Name, t.Kind, t.CeilingPath, ceiling, profile, null));
            if (refused)
            {
                Record(t, results.HotPath[^1].Error!);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            progress.Say($"{label}: {e.Message}");
            Record(t, e.Message);
        }
    }

    // Unmeasured: both URLs under the same load as the rounds, so no round measures code the JIT has not optimised yet.
    private async Task JitWarmUpAsync(HotTarget t, CancellationToken ct)
    {
        progress.Step($"JIT warm-up: {t.Name}", 2 * o.JitWarmUp.TotalSeconds);
        try
        {
            await wrk.RunAsync(new Uri(t.BaseUrl, t.CeilingPath), null, o.JitWarmUp, o.Connections, ct);
            string token = t.Kind == "strategy" ? await FreshTokenAsync(t.BaseUrl, ct) : t.Token;
            await wrk.RunAsync(new Uri(t.BaseUrl, "/profile"), token, o.JitWarmUp, o.Connections, ct);
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            progress.Say($"JIT warm-up of {t.Name}: {e.Message}");
        }
    }

    /// <summary>A credential per round: jwt-refresh access tokens live 5 minutes, less than a full run's rounds.</summary>
    private static async Task<string> FreshTokenAsync(Uri baseUrl, CancellationToken ct)
    {
        using AuthClient client = new(baseUrl, 2);
        return (await client.NewSessionAsync(ct)).Token.AccessToken;
    }

    private void Record(HotTarget t, string error)
    {
        if (results.Strategies.TryGetValue(t.Name, out StrategyResults? sr))
        {
            sr.Errors.Add("hot path: " + error);
        }
        else
        {
            results.Notes.Add($"{t.Name} hot path: {error}");
        }
    }

    /// <summary>Alternates start CPUs: startups (mostly JIT) use both, then every server is moved to the server CPU.</summary>
    private string NextStartCpu()
    {
        int n = Interlocked.Increment(ref _starts);
        return Environment.ProcessorCount >= 2 && n % 2 == 0 ? "1" : Orchestrator.ServerCpu;
    }

    private async Task StartPeersAsync(CancellationToken ct)
    {
        if (peers is null)
        {
            return;
        }

        List<PeerStatus> available = [.. results.Peers.Where(p => p.Available)];
        HotTarget?[] started = await Task.WhenAll(available.Select(async p =>
        {
            int port = Ports.Free();
            try
            {
                ManagedProcess proc = await peers.StartAsync(
                    p.Name, port, key, Orchestrator.ServerCpu, NextStartCpu(), Path.Combine(workDir, "logs"), ct);
                string token = await Peers.LoginAsync(port, ct);
                return new HotTarget(p.Name, "peer", new Uri($"http://127.0.0.1:{port}"), "/ping", token, proc);
            }
            catch (Exception e) when (e is ServerStartException or HttpRequestException or InvalidOperationException)
            {
                lock (results.Peers)
                {
                    results.Peers[results.Peers.IndexOf(p)] = p with { Available = false, Note = "did not start: " + e.Message };
                }

                return null;
            }
        }));
        _targets.AddRange(started.OfType<HotTarget>());
    }

    private async Task StartStrategiesAsync(CancellationToken ct)
    {
        if (results.BuildError is not null)
        {
            foreach (StrategyResults sr in results.Strategies.Values)
            {
                sr.Status = "failed-to-start";
                sr.Failure = results.BuildError;
            }

            return;
        }

        // All instances (A for the hot path, B and C for revocation and scale-out) start together.
        await Task.WhenAll(o.Strategies.Select(s => StartStrategyAsync(s, ct)));
        Started.Sort((a, b) => o.Strategies.ToList().IndexOf(a.Strategy).CompareTo(o.Strategies.ToList().IndexOf(b.Strategy)));
        _targets.AddRange(Started.Select(x => x.A));
    }

    private async Task StartStrategyAsync(string strategy, CancellationToken ct)
    {
        StrategyResults sr = results.Strategies[strategy];
        string dir = Path.Combine(workDir, strategy);
        Directory.CreateDirectory(dir);
        AuthServerConfig config = new(dll, strategy, key, Path.Combine(dir, "auth.db"), redis.ConnectionString, dir, Orchestrator.ServerCpu);
        // A first: it creates the SQLite schema that B and C then find.
        Task<ServerProcess> ta = AuthServerHost.StartAsync(config, $"{strategy}-a", NextStartCpu(), ct: ct);
        ServerProcess? host = null;
        try
        {
            host = await ta;
        }
        catch (ServerStartException e)
        {
            sr.Status = "failed-to-start";
            sr.Failure = e.Message;
            sr.LogTail = e.LogTail;
            progress.Say($"{strategy}: failed to start: {e.Message}");
            return;
        }

        Task<ServerProcess> tb = AuthServerHost.StartAsync(config, $"{strategy}-b", NextStartCpu(), ct: ct);
        Task<ServerProcess> tc = AuthServerHost.StartAsync(config, $"{strategy}-c", NextStartCpu(), ct: ct);
        try
        {
            using AuthClient client = new(host.BaseAddress, 2);
            StrategyInfo? info = await client.StrategyAsync(ct);
            sr.Info = info;
            if (info is not null && info.Strategy != strategy)
            {
                throw new ServerStartException($"asked for {strategy}, GET /auth/strategy says {info.Strategy}", host.Process.Tail());
            }

            (_, _, TokenResponse token) = await client.NewSessionAsync(ct);
            HttpStatusCode profile = await client.ProfileAsync(token.AccessToken, ct);
            if (profile != HttpStatusCode.OK)
            {
                throw new ServerStartException($"GET /profile with a fresh token answered {(int)profile}", host.Process.Tail());
            }

            HotTarget target = new(strategy, "strategy", host.BaseAddress, "/health/live", token.AccessToken, host.Process) { Host = host };
            ServerProcess? b = await Settle(tb, sr), c = await Settle(tc, sr);
            lock (Started)
            {
                Started.Add(new StrategyInstances(strategy, target, b, c, config));
            }

            sr.Status = "ok";
        }
        catch (Exception e) when (e is ServerStartException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            sr.Status = "failed-to-start";
            sr.Failure = e.Message;
            sr.LogTail = (e as ServerStartException)?.LogTail ?? host.Process.Tail();
            host.Dispose();
            (await Settle(tb, sr))?.Dispose();
            (await Settle(tc, sr))?.Dispose();
            progress.Say($"{strategy}: failed to start: {e.Message}");
        }
    }

    private static async Task<ServerProcess?> Settle(Task<ServerProcess> t, StrategyResults sr)
    {
        try
        {
            return await t;
        }
        catch (ServerStartException e)
        {
            sr.Errors.Add(e.Message);
            return null;
        }
    }
}

/// <summary>One strategy's three instances: A (hot path and most scenarios), B (revocation target), C (scale-out).</summary>
internal sealed record StrategyInstances(string Strategy, HotTarget A, ServerProcess? B, ServerProcess? C, AuthServerConfig Config);
