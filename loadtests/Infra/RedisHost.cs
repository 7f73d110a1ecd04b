using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoadTests.Infra;

/// <summary>A redis-server of this run's own: no persistence, can be killed and restarted on its port.</summary>
public sealed class RedisHost(string workDir, string cpus) : IDisposable
{
    private ManagedProcess? _process;

    public int Port { get; } = Ports.Free();
    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task StartAsync()
    {
        _process = ManagedProcess.Start(
            "redis", cpus, "redis-server",
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", workDir],
            Path.Combine(workDir, "logs", "redis.log"));
        if (!await Ports.WaitListeningAsync(Port, TimeSpan.FromSeconds(10), () => _process.HasExited))
        {
            throw new InvalidOperationException($"redis-server did not start on port {Port}: {_process.Tail()}");
        }
    }

    /// <summary>SIGKILL: what a crash looks like to the clients.</summary>
    public void Kill()
    {
        _process?.Dispose();
        _process = null;
    }

    /// <summary><c>used_memory</c> from INFO memory, in bytes.</summary>
    public async Task<long> UsedMemoryAsync()
    {
        string info = await CommandAsync("INFO", "memory");
        foreach (string line in info.Split("\r\n"))
        {
            if (line.StartsWith("used_memory:", StringComparison.Ordinal))
            {
                return long.Parse(line["used_memory:".Length..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("INFO memory has no used_memory");
    }

    public async Task<long> DbSizeAsync() =>
        long.Parse(await CommandAsync("DBSIZE"), CultureInfo.InvariantCulture);

    /// <summary>One command over raw RESP; returns a bulk string, simple string or integer as text.</summary>
    public async Task<string> CommandAsync(params string[] parts)
    {
        using TcpClient client = new();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        NetworkStream s = client.GetStream();
        StringBuilder req = new($"*{parts.Length}\r\n");
        foreach (string p in parts)
        {
            req.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n");
        }

        await s.WriteAsync(Encoding.UTF8.GetBytes(req.ToString()));
        using StreamReader r = new(s, Encoding.UTF8);
        string head = await r.ReadLineAsync() ?? throw new IOException("redis closed the connection");
        switch (head[0])
        {
            case '+':
            case ':':
                return head[1..];
            case '$':
                int len = int.Parse(head[1..], CultureInfo.InvariantCulture);
                char[] buf = new char[len];
                int read = 0;
                while (read < len)
                {
                    int n = await r.ReadAsync(buf.AsMemory(read, len - read));
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                return new string(buf, 0, read);
            default:
                throw new IOException($"redis answered {head}");
        }
    }

    public void Dispose() => Kill();
}