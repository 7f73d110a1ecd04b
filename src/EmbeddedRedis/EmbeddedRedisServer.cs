using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;

namespace AuthServer.EmbeddedRedis;

/// <summary>
/// Microsoft Garnet in-process on a loopback port: a Redis-protocol server for Development, <c>--compare</c> and tests
/// on a machine without Redis. Its own assembly, so the strategies library does not carry Garnet; the host starts one
/// only in Development when <c>ConnectionStrings:Redis</c> is empty.
/// </summary>
public sealed class EmbeddedRedisServer : IDisposable
{
    private readonly GarnetServer server;

    /// <summary>Starts a server on <paramref name="port"/>, or on a free loopback port when null.</summary>
    public EmbeddedRedisServer(int? port = null)
    {
        Port = port ?? FreeLoopbackPort();
        // Small memory settings: this serves one developer or one test run, not production.
        server = new GarnetServer(
        [
            "--bind", "127.0.0.1",
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--lua", "true",
            "--index", "1m",
            "--memory", "64m",
        ]);
        server.Start();
    }

    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string for this server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public void Dispose() => server.Dispose();

    /// <summary>A port the OS has just handed out; free again once the probe closes.</summary>
    public static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
