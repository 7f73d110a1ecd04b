using System.Diagnostics;
using System.Globalization;
using FreePorts = AuthServer.Testing.Ports;

namespace AuthServer.Testing;

/// <summary>
/// A Redis Cluster of three primaries (no replicas) from Debian's redis-server on free loopback ports, formed with
/// <c>redis-cli --cluster create</c>. Each node gets its cluster bus port explicitly: the default (port + 10000) can pass 65535.
/// </summary>
public sealed class RedisClusterHost : IDisposable
{
    private readonly List<ManagedProcess> nodes = [];
    private readonly string directory;

    private RedisClusterHost(string directory) => this.directory = directory;

    public IReadOnlyList<int> Ports { get; private set; } = [];

    /// <summary>Every node as a seed: the client discovers the slots from any of them.</summary>
    public string ConnectionString => string.Join(',', Ports.Select(p => $"127.0.0.1:{p}"));

    public static async Task<RedisClusterHost> StartAsync(string workDir, int primaries = 3)
    {
        var host = new RedisClusterHost(Directory.CreateDirectory(Path.Combine(workDir, "cluster-" + Guid.NewGuid().ToString("N")[..8])).FullName);
        try
        {
            var ports = new List<int>();
            for (var i = 0; i < primaries; i++)
            {
                ports.Add(await host.StartNodeAsync());
            }

            host.Ports = ports;
            await host.CreateAsync();
            await host.WaitUntilOkAsync(TimeSpan.FromSeconds(30));
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The port of the node serving <paramref name="key"/>'s slot.</summary>
    public async Task<int> NodeOfAsync(string key)
    {
        var slot = (long)(await RespClient.SendAsync(Ports[0], "CLUSTER", "KEYSLOT", key))!;
        foreach (var range in (object?[])(await RespClient.SendAsync(Ports[0], "CLUSTER", "SLOTS"))!)
        {
            var r = (object?[])range!;
            if ((long)r[0]! <= slot && slot <= (long)r[1]!)
            {
                return (int)(long)((object?[])r[2]!)[1]!;
            }
        }

        throw new InvalidOperationException($"no node serves slot {slot}");
    }

    public void Dispose()
    {
        foreach (var node in nodes)
        {
            node.Dispose();
        }

        nodes.Clear();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<int> StartNodeAsync()
    {
        var port = FreePorts.Free();
        var bus = FreePorts.Free();
        var p = port.ToString(CultureInfo.InvariantCulture);
        var node = ManagedProcess.Start($"cluster-{p}", null, SystemPrograms.RedisServer.Path!,
        [
            "--port", p, "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", directory,
            "--cluster-enabled", "yes", "--cluster-config-file", Path.Combine(directory, $"nodes-{p}.conf"),
            "--cluster-node-timeout", "2000", "--cluster-port", bus.ToString(CultureInfo.InvariantCulture),
        ],
            Path.Combine(directory, $"cluster-{p}.log"));
        nodes.Add(node);
        if (!await FreePorts.WaitListeningAsync(port, TimeSpan.FromSeconds(10), () => node.HasExited))
        {
            throw new InvalidOperationException($"redis-server did not start on port {p}: {node.Tail()}");
        }

        return port;
    }

    private async Task CreateAsync()
    {
        var cli = await Cmd.RunAsync(
            SystemPrograms.RedisCli.Path!, ["--cluster", "create", .. Ports.Select(p => $"127.0.0.1:{p}"), "--cluster-replicas", "0", "--cluster-yes"],
            timeout: TimeSpan.FromMinutes(1));
        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({cli.ExitCode}): {cli.Output}");
        }
    }

    private async Task WaitUntilOkAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var states = new List<string>();
            foreach (var port in Ports)
            {
                using var node = await RespClient.ConnectAsync(port);
                states.Add((string)(await node.CommandAsync("CLUSTER", "INFO"))!);
            }

            if (states.All(s => s.Contains("cluster_state:ok", StringComparison.Ordinal) && s.Contains($"cluster_known_nodes:{Ports.Count}", StringComparison.Ordinal)))
            {
                return;
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"the cluster was not ok within {timeout.TotalSeconds:0} s:\n{string.Join('\n', states)}");
            }

            await Task.Delay(100);
        }
    }
}
