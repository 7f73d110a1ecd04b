using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthServer.Testing;

/// <summary>
/// One raw RESP2 connection to a Redis server or Sentinel on loopback: for starting and inspecting topologies without a
/// client library in the way. Replies: string (simple or bulk; null for a null bulk), long, object?[] (arrays);
/// an error reply throws <see cref="IOException"/>.
/// </summary>
public sealed class RespClient : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly BufferedStream _reader;

    private RespClient(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _reader = new BufferedStream(_stream);
    }

    public static async Task<RespClient> ConnectAsync(int port, CancellationToken ct = default)
    {
        TcpClient client = new() { NoDelay = true };
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, ct);
            return new RespClient(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>One command on a connection of its own.</summary>
    public static async Task<object?> SendAsync(int port, params string[] parts)
    {
        using RespClient c = await ConnectAsync(port);
        return await c.CommandAsync(parts);
    }

    public async Task<object?> CommandAsync(params string[] parts)
    {
        StringBuilder req = new($"*{parts.Length}\r\n");
        foreach (string p in parts)
        {
            req.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(p)}\r\n{p}\r\n");
        }

        await _stream.WriteAsync(Encoding.UTF8.GetBytes(req.ToString()));
        return await ReadAsync();
    }

    /// <summary>The next reply, or pushed message (after SUBSCRIBE).</summary>
    public async Task<object?> ReadAsync(CancellationToken ct = default)
    {
        string head = await ReadLineAsync(ct);
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
                    return null;
                }

                byte[] buf = new byte[len + 2];
                await _reader.ReadExactlyAsync(buf, ct);
                return Encoding.UTF8.GetString(buf, 0, len);
            case '*':
                int count = int.Parse(head[1..], CultureInfo.InvariantCulture);
                object?[] items = new object?[Math.Max(count, 0)];
                for (int i = 0; i < items.Length; i++)
                {
                    items[i] = await ReadAsync(ct);
                }

                return items;
            default:
                throw new IOException($"redis answered {head}");
        }
    }

    /// <summary><c>INFO section</c> as key/value pairs.</summary>
    public async Task<Dictionary<string, string>> InfoAsync(string section)
    {
        string text = (string?)await CommandAsync("INFO", section) ?? "";
        return text.Split("\r\n").Where(l => l.Contains(':', StringComparison.Ordinal) && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _client.Dispose();
    }

    private async Task<string> ReadLineAsync(CancellationToken ct)
    {
        StringBuilder sb = new();
        byte[] one = new byte[1];
        while (true)
        {
            if (await _reader.ReadAsync(one, ct) == 0)
            {
                throw new IOException("redis closed the connection");
            }

            if (one[0] == '\n')
            {
                return sb.ToString();
            }

            if (one[0] != '\r')
            {
                sb.Append((char)one[0]);
            }
        }
    }
}
