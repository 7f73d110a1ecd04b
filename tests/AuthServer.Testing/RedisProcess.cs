using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;

namespace AuthServer.Testing;

/// <summary>
/// A redis-server of the caller's own on a free loopback port, with no persistence, so a restart comes back empty, as
/// after a crash: it can be killed (SIGKILL), frozen (SIGSTOP: connected, answering nothing) and started again on its port.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable, IDisposable
{
    private readonly string _program;
    private readonly string? _cpus;
    private readonly string _dir;
    private readonly bool _ownsDir;
    private ManagedProcess? _process;

    /// <param name="cpus">Where it runs (taskset), or null for anywhere.</param>
    /// <param name="workDir">For its log; a temp directory of its own (deleted on dispose) when null.</param>
    /// <param name="program">redis-server's path; the one on PATH when null.</param>
    public RedisProcess(string? cpus = null, string? workDir = null, string? program = null)
    {
        _program = program ?? SystemPrograms.RedisServer.Path ?? "redis-server";
        _cpus = cpus;
        _ownsDir = workDir is null;
        _dir = workDir ?? Directory.CreateTempSubdirectory("authserver-redis-").FullName;
    }

    public int Port { get; } = Ports.Free();

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A new one, started.</summary>
    public static async Task<RedisProcess> StartNewAsync(string? cpus = null, string? workDir = null)
    {
        RedisProcess redis = new(cpus, workDir);
        try
        {
            await redis.StartAsync();
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts it (again, after <see cref="Kill"/>) on its port and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        _process = ManagedProcess.Start(
            $"redis-{Port.ToString(CultureInfo.InvariantCulture)}", _cpus, _program,
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--daemonize", "no", "--dir", _dir],
            Path.Combine(_dir, "logs", "redis.log"));
        Stopwatch watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(15) && !_process.HasExited)
        {
            try
            {
                if (await RespClient.SendAsync(Port, "PING") is "PONG")
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // not listening yet, or still loading
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server did not answer PING on port {Port}: {_process.Tail()}");
    }

    /// <summary>SIGKILL: what a crash looks like to the clients.</summary>
    public void Kill()
    {
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) it: connections stay open, nothing answers.</summary>
    public Task SignalAsync(bool freeze) =>
        (_process ?? throw new InvalidOperationException("redis-server is not running")).SignalAsync(freeze ? "STOP" : "CONT");

    /// <summary>One command over raw RESP (see <see cref="RespClient"/> for the reply types).</summary>
    public Task<object?> CommandAsync(params string[] parts) => RespClient.SendAsync(Port, parts);

    public void Dispose()
    {
        Kill();
        if (_ownsDir)
        {
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
                // the temp directory is cleaned anyway
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
