using System.Diagnostics;
using System.Globalization;

namespace AuthServer.Testing;

/// <summary>
/// A Sentinel-managed Redis of its own on loopback: a primary, replicas and three Sentinels (quorum 2), no persistence.
/// Sentinels mark a silent primary down after 1 s and fail over within 5 s, so a SIGKILLed primary is replaced in seconds.
/// Used by the load tests' failover phase and by the test suite's Sentinel fixtures.
/// </summary>
public sealed class SentinelHost : IDisposable
{
    public const string ServiceName = "authserver";
    private const int Quorum = 2;
    private readonly Dictionary<int, ManagedProcess> _nodes = [];
    private readonly Dictionary<int, ManagedProcess> _sentinels = [];
    private readonly string _dir;
    private readonly string? _cpus;
    private readonly string _redisServer;

    private SentinelHost(string dir, string? cpus, string redisServer)
    {
        _dir = dir;
        _cpus = cpus;
        _redisServer = redisServer;
    }

    public IReadOnlyList<int> SentinelPorts { get; private set; } = [];

    /// <summary>Where the nodes' and Sentinels' logs and configuration files are.</summary>
    public string WorkDirectory => _dir;

    /// <summary>The port of the primary it started with (the one a failover replaces).</summary>
    public int FirstPrimaryPort { get; private set; }

    public IReadOnlyCollection<int> NodePorts => _nodes.Keys;

    /// <summary>A StackExchange.Redis string naming the Sentinels and the service.</summary>
    public string ConnectionString =>
        string.Join(',', SentinelPorts.Select(p => $"127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}")) + $",serviceName={ServiceName}";

    /// <summary>
    /// Starts it and waits until every Sentinel knows the primary, every replica and the other Sentinels (a failover needs
    /// them to agree). <paramref name="sentinelProgram"/>: <c>redis-sentinel</c>, or null for <c>redis-server CONF --sentinel</c>;
    /// <paramref name="cpus"/>: where every node runs (taskset), or null for anywhere.
    /// </summary>
    public static async Task<SentinelHost> StartAsync(
        string workDir, string? cpus, int replicas = 1, string redisServer = "redis-server", string? sentinelProgram = null, TimeSpan? timeout = null)
    {
        string dir = Path.Combine(workDir, "sentinel-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        SentinelHost host = new(dir, cpus, redisServer);
        try
        {
            host.FirstPrimaryPort = await host.StartNodeAsync(replicaOf: null);
            for (int i = 0; i < replicas; i++)
            {
                await host.StartNodeAsync(replicaOf: host.FirstPrimaryPort);
            }

            List<int> ports = [];
            for (int i = 0; i < 3; i++)
            {
                ports.Add(host.StartSentinel(sentinelProgram));
            }

            host.SentinelPorts = ports;
            await host.WaitUntilReadyAsync(replicas, timeout ?? TimeSpan.FromSeconds(30));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The primary the Sentinels name now (asks each until one answers).</summary>
    public async Task<int> PrimaryPortAsync()
    {
        foreach (int port in SentinelPorts)
        {
            try
            {
                object?[] addr = (object?[])(await RespClient.SendAsync(port, "SENTINEL", "get-master-addr-by-name", ServiceName))!;
                return int.Parse((string)addr[1]!, CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                // that Sentinel is not answering: ask the next
            }
        }

        throw new IOException("no Sentinel answered");
    }

    /// <summary>SIGKILL to one Redis node, as a crash.</summary>
    public void Kill(int port)
    {
        if (_nodes.Remove(port, out ManagedProcess? node))
        {
            node.Dispose();
        }
    }

    /// <summary>
    /// Waits until the Sentinels name a primary other than <paramref name="oldPrimary"/> and that node says it is a primary;
    /// returns it and how long the wait took.
    /// </summary>
    public async Task<(int Port, TimeSpan After)> WaitForPromotionAsync(int oldPrimary, TimeSpan timeout)
    {
        Stopwatch sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            try
            {
                int now = await PrimaryPortAsync();
                if (now != oldPrimary && await RoleAsync(now) == "master")
                {
                    return (now, sw.Elapsed);
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                // mid-failover
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no replica was promoted within {timeout.TotalSeconds:0} s of losing 127.0.0.1:{oldPrimary}");
    }

    /// <summary>SIGSTOP (or SIGCONT) to one Redis node or Sentinel: connected, answering nothing, as a process that hangs.</summary>
    public async Task FreezeAsync(int port, bool freeze)
    {
        ManagedProcess process = _nodes.TryGetValue(port, out ManagedProcess? node) ? node : _sentinels[port];
        await process.SignalAsync(freeze ? "STOP" : "CONT");
    }

    public static async Task<string?> RoleAsync(int port) =>
        (await RespClient.SendAsync(port, "ROLE") as object?[])?[0] as string;

    public void Dispose()
    {
        foreach (ManagedProcess p in _sentinels.Values.Concat(_nodes.Values))
        {
            p.Dispose();
        }

        _sentinels.Clear();
        _nodes.Clear();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a log still open; the temp directory is cleaned anyway
        }
    }

    private async Task<int> StartNodeAsync(int? replicaOf)
    {
        int port = Ports.Free();
        string p = port.ToString(CultureInfo.InvariantCulture);
        // Diskless sync without the default 5 s delay: a replica (and, after a failover, the old primary) syncs at once.
        List<string> args = ["--port", p, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir,
            "--repl-diskless-sync", "yes", "--repl-diskless-sync-delay", "0"];
        if (replicaOf is int primary)
        {
            args.AddRange(["--replicaof", "127.0.0.1", primary.ToString(CultureInfo.InvariantCulture)]);
        }

        ManagedProcess node = ManagedProcess.Start($"redis-{p}", _cpus, _redisServer, args, Path.Combine(_dir, $"redis-{p}.log"));
        _nodes[port] = node;
        if (!await Ports.WaitListeningAsync(port, TimeSpan.FromSeconds(10), () => node.HasExited))
        {
            throw new InvalidOperationException($"redis-server did not start on port {p}: {node.Tail()}");
        }

        return port;
    }

    private int StartSentinel(string? program)
    {
        int port = Ports.Free();
        string p = port.ToString(CultureInfo.InvariantCulture);
        // Sentinel rewrites its configuration file as it learns the topology: one writable file each.
        string conf = Path.Combine(_dir, $"sentinel-{p}.conf");
        File.WriteAllLines(conf,
        [
            $"port {p}",
            "bind 127.0.0.1",
            $"dir {_dir}",
            $"sentinel monitor {ServiceName} 127.0.0.1 {FirstPrimaryPort.ToString(CultureInfo.InvariantCulture)} {Quorum}",
            $"sentinel down-after-milliseconds {ServiceName} 1000",
            $"sentinel failover-timeout {ServiceName} 5000",
            $"sentinel parallel-syncs {ServiceName} 1",
        ]);
        string[] args = program is null ? [conf, "--sentinel"] : [conf];
        _sentinels[port] = ManagedProcess.Start($"sentinel-{p}", _cpus, program ?? _redisServer, args, Path.Combine(_dir, $"sentinel-{p}.log"));
        return port;
    }

    private async Task WaitUntilReadyAsync(int replicas, TimeSpan timeout)
    {
        Stopwatch sw = Stopwatch.StartNew();
        string last = "nothing yet";
        while (sw.Elapsed < timeout)
        {
            try
            {
                int ready = 0;
                foreach (int port in SentinelPorts)
                {
                    Dictionary<string, string> master = Pairs((object?[])(await RespClient.SendAsync(port, "SENTINEL", "master", ServiceName))!);
                    last = $"sentinel {port}: {master.GetValueOrDefault("flags")}, {master.GetValueOrDefault("num-slaves")} replicas, {master.GetValueOrDefault("num-other-sentinels")} other sentinels";
                    if (master.GetValueOrDefault("flags") == "master" && master.GetValueOrDefault("num-slaves") == replicas.ToString(CultureInfo.InvariantCulture)
                        && master.GetValueOrDefault("num-other-sentinels") == (SentinelPorts.Count - 1).ToString(CultureInfo.InvariantCulture))
                    {
                        ready++;
                    }
                }

                if (ready == SentinelPorts.Count && await ReplicasInSyncAsync() == replicas)
                {
                    return;
                }
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
            {
                last = e.Message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"the Sentinel group was not ready within {timeout.TotalSeconds:0} s: {last}");
    }

    private async Task<int> ReplicasInSyncAsync()
    {
        using RespClient primary = await RespClient.ConnectAsync(FirstPrimaryPort);
        Dictionary<string, string> info = await primary.InfoAsync("replication");
        return info.Where(kv => kv.Key.StartsWith("slave", StringComparison.Ordinal) && kv.Value.Contains("state=online", StringComparison.Ordinal)).Count();
    }

    private static Dictionary<string, string> Pairs(object?[] flat)
    {
        Dictionary<string, string> d = new(StringComparer.Ordinal);
        for (int i = 0; i + 1 < flat.Length; i += 2)
        {
            d[(string)flat[i]!] = flat[i + 1] as string ?? "";
        }

        return d;
    }
}
