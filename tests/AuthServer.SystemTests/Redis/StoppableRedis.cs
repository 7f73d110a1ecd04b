using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using AuthServer.EmbeddedRedis;
using AuthServer.Strategies.Redis;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Redis;

/// <summary>
/// A Redis of one test's own that it can kill and start again on the same port: Debian's redis-server when installed
/// (no persistence, so a restart comes back empty, as after a crash), else an embedded Garnet server.
/// </summary>
public sealed class StoppableRedis : IAsyncDisposable
{
    private Process? process;
    private EmbeddedRedisServer? embedded;

    private StoppableRedis(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Path of redis-server, or null when this machine has none.</summary>
    public static string? RedisServerPath { get; } = FindRedisServer();

    public static async Task<StoppableRedis> StartAsync()
    {
        var redis = new StoppableRedis(EmbeddedRedisServer.FreeLoopbackPort());
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public async Task StopAsync()
    {
        if (process is { } running)
        {
            running.Kill();
            await running.WaitForExitAsync();
            running.Dispose();
            process = null;
        }

        embedded?.Dispose();
        embedded = null;
    }

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) the redis-server: connected, but answering nothing.</summary>
    public async Task SignalAsync(bool freeze)
    {
        var running = process ?? throw new InvalidOperationException("only a redis-server process can be frozen");
        using var kill = Process.Start("kill", [freeze ? "-STOP" : "-CONT", running.Id.ToString()]);
        await kill.WaitForExitAsync();
    }

    public async Task StartAgainAsync()
    {
        if (RedisServerPath is null)
        {
            embedded = new EmbeddedRedisServer(Port);
        }
        else
        {
            var start = new ProcessStartInfo(RedisServerPath) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--port", Port.ToString(), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" })
            {
                start.ArgumentList.Add(argument);
            }

            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        await WaitForPongAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task WaitForPongAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Redis on port {Port} did not answer PING");
    }

    /// <summary><c>REDIS_SERVER=embedded</c> uses Garnet even where redis-server exists.</summary>
    private static string? FindRedisServer() =>
        Environment.GetEnvironmentVariable("REDIS_SERVER") == "embedded" ? null : SystemPrograms.RedisServer.Path;
}
