using AuthServer.EmbeddedRedis;

namespace AuthServer.SystemTests.Redis;

/// <summary>
/// A Redis of one test's own that it can kill and start again on the same port: Debian's redis-server when installed
/// (<see cref="RedisProcess"/>: no persistence, so a restart comes back empty, as after a crash), else an embedded Garnet
/// server, so the outage tests run on a machine with only the .NET SDK.
/// </summary>
public sealed class StoppableRedis : IAsyncDisposable
{
    private readonly RedisProcess? process;
    private EmbeddedRedisServer? embedded;

    private StoppableRedis(RedisProcess? process)
    {
        this.process = process;
        Port = process?.Port ?? EmbeddedRedisServer.FreeLoopbackPort();
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Path of redis-server, or null when this machine has none (or <c>REDIS_SERVER=embedded</c> asks for Garnet).</summary>
    public static string? RedisServerPath { get; } =
        Environment.GetEnvironmentVariable("REDIS_SERVER") == "embedded" ? null : SystemPrograms.RedisServer.Path;

    public static async Task<StoppableRedis> StartAsync()
    {
        var redis = new StoppableRedis(RedisServerPath is null ? null : new RedisProcess(program: RedisServerPath));
        await redis.StartAgainAsync();
        return redis;
    }

    /// <summary>Kills the server at once (SIGKILL), as a crash would.</summary>
    public Task StopAsync()
    {
        process?.Kill();
        embedded?.Dispose();
        embedded = null;
        return Task.CompletedTask;
    }

    /// <summary>Freezes (SIGSTOP) or thaws (SIGCONT) the redis-server: connected, but answering nothing.</summary>
    public Task SignalAsync(bool freeze) =>
        (process ?? throw new InvalidOperationException("only a redis-server process can be frozen")).SignalAsync(freeze);

    public async Task StartAgainAsync()
    {
        if (process is null)
        {
            embedded = new EmbeddedRedisServer(Port);
        }
        else
        {
            await process.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (process is not null)
        {
            await process.DisposeAsync();
        }
    }
}
