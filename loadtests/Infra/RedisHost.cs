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

    /// <summary>
    /// Sum of <c>MEMORY USAGE</c> over every key (SCAN), with the key count: the bytes the data itself takes,
    /// free of the allocator noise that <c>used_memory</c> deltas carry when few keys were added.
    /// </summary>
    public async Task<(long Keys, long Bytes)> KeyMemoryAsync()
    {
        using TcpClient client = new();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        using NetworkStream s = client.GetStream();
        using BufferedStream bs = new(s);
        long keys = 0, bytes = 0;
        string cursor = "0";
        do
        {
            object reply = await SendAsync(s, bs, "SCAN", cursor, "COUNT", "1000");
            object[] parts = (object[])reply;
            cursor = (string)parts[0];
            foreach (object k in (object[])parts[1])
            {
                object usage = await SendAsync(s, bs, "MEMORY", "USAGE", (string)k, "SAMPLES", "0");
                if (usage is long n)
                {
                    keys++;
                    bytes += n;
                }
            }
        }
        while (cursor != "0");
        return (keys, bytes);
    }

    /// <summary>
    /// The largest sorted set (by members) and the bytes a set like it takes at <paramref name="members"/> members:
    /// a scratch key is filled with members of the same length and score, measured with MEMORY USAGE and deleted.
    /// Small sets use a compact encoding, so a linear extrapolation from a few members would understate the cost.
    /// </summary>
    public async Task<(string Key, long Members, long ProjectedBytes)?> ProjectLargestSortedSetAsync(int members)
    {
        using TcpClient client = new();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        using NetworkStream s = client.GetStream();
        using BufferedStream bs = new(s);
        string? best = null;
        long bestCard = 0;
        string cursor = "0";
        do
        {
            object[] parts = (object[])await SendAsync(s, bs, "SCAN", cursor, "COUNT", "1000", "TYPE", "zset");
            cursor = (string)parts[0];
            foreach (string k in ((object[])parts[1]).Cast<string>())
            {
                long card = (long)await SendAsync(s, bs, "ZCARD", k);
                if (card > bestCard)
                {
                    (best, bestCard) = (k, card);
                }
            }
        }
        while (cursor != "0");
        if (best is null)
        {
            return null;
        }

        object[] sample = (object[])await SendAsync(s, bs, "ZRANGE", best, "0", "0", "WITHSCORES");
        int memberLength = ((string)sample[0]).Length;
        string score = (string)sample[1];
        const string scratch = "loadtests:projection";
        await SendAsync(s, bs, "DEL", scratch);
        for (int start = 0; start < members; start += 1000)
        {
            List<string> cmd = ["ZADD", scratch];
            for (int i = start; i < Math.Min(members, start + 1000); i++)
            {
                cmd.Add(score);
                cmd.Add(i.ToString("x", CultureInfo.InvariantCulture).PadLeft(memberLength, '0'));
            }

            await SendAsync(s, bs, [.. cmd]);
        }

        long bytes = (long)await SendAsync(s, bs, "MEMORY", "USAGE", scratch, "SAMPLES", "0");
        await SendAsync(s, bs, "DEL", scratch);
        return (best, bestCard, bytes);
    }

    /// <summary>One command over raw RESP; returns a bulk string, simple string or integer as text.</summary>
    public async Task<string> CommandAsync(params string[] parts)
    {
        using TcpClient client = new();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        using NetworkStream s = client.GetStream();
        using BufferedStream bs = new(s);
        object reply = await SendAsync(s, bs, parts);
        return reply switch
        {
            long n => n.ToString(CultureInfo.InvariantCulture),
            string t => t,
            _ => throw new IOException("unexpected redis reply"),
        };
    }

    private static async Task<object> SendAsync(NetworkStream s, BufferedStream reader, params string[] parts)
    {
        StringBuilder req = new($"*{parts.Length}\r\n");
        foreach (string p in parts)
        {
            req.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n");
        }

        await s.WriteAsync(Encoding.UTF8.GetBytes(req.ToString()));
        return ReadReply(reader);
    }

    /// <summary>RESP2 reply: simple string, error, integer, bulk string (null as null) or array.</summary>
    private static object ReadReply(BufferedStream r)
    {
        string head = ReadLine(r);
        switch (head[0])
        {
            case '+':
                return head[1..];
            case '-':
                throw new IOException($"redis: {head[1..]}");
            case ':':
                return long.Parse(head[1..], CultureInfo.InvariantCulture);
            case '$':
                int len = int.Parse(head[1..], CultureInfo.InvariantCulture);
                if (len < 0)
                {
                    return "";
                }

                byte[] buf = new byte[len + 2];
                r.ReadExactly(buf);
                return Encoding.UTF8.GetString(buf, 0, len);
            case '*':
                int count = int.Parse(head[1..], CultureInfo.InvariantCulture);
                object[] items = new object[Math.Max(count, 0)];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = ReadReply(r);
                }

                return items;
            default:
                throw new IOException($"redis answered {head}");
        }
    }

    private static string ReadLine(BufferedStream r)
    {
        StringBuilder sb = new();
        int b;
        while ((b = r.ReadByte()) != -1 && b != '\n')
        {
            if (b != '\r')
            {
                sb.Append((char)b);
            }
        }

        return sb.ToString();
    }

    public void Dispose() => Kill();
}
