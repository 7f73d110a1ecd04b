using System.Globalization;
using AuthServer.EmbeddedRedis;
using Garnet;
using StackExchange.Redis;

namespace AuthServer.Compare;

/// <summary>
/// The comparison's Redis: Garnet in this process, on one loopback port for the whole run, which the page stops and
/// starts. Stopping saves a snapshot first and starting recovers it, as <c>redis-cli shutdown save</c> and a restart
/// do; in between the port is closed, so the instances see a real outage (connections drop, connects are refused).
/// </summary>
internal sealed class ComparisonRedis(ComparisonWorkspace workspace, ILogger<ComparisonRedis> logger) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private GarnetServer? server;
    private bool saved;

    public int Port { get; } = EmbeddedRedisServer.FreeLoopbackPort();

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public bool Running => Volatile.Read(ref server) is not null;

    public async Task StartAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (server is not null)
            {
                return;
            }

            var started = new GarnetServer(Arguments(recover: saved));
            started.Start();
            if (!saved)
            {
                await using var client = await ConnectAsync();
                await GarnetWarmup.RunAsync(client);
            }

            Volatile.Write(ref server, started);
            ComparisonLog.RedisStarted(logger, Port, saved ? ", from the snapshot taken when it stopped" : string.Empty);
        }
        finally
        {
            gate.Release();
        }
    }

    public async Task StopAsync()
    {
        await gate.WaitAsync();
        try
        {
            if (server is null)
            {
                return;
            }

            await SaveAsync();
            saved = true;
            server.Dispose();
            Volatile.Write(ref server, null);
            ComparisonLog.RedisStopped(logger, Port);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose()
    {
        server?.Dispose();
        gate.Dispose();
    }

    private string[] Arguments(bool recover)
    {
        // As the development server (EmbeddedRedisServer), plus a snapshot directory. The managed file device: the
        // native one needs libaio, which not every machine has.
        string[] arguments =
        [
            "--bind", "127.0.0.1",
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--lua", "true",
            "--index", "1m",
            "--memory", "64m",
            "--checkpointdir", workspace.RedisSnapshots,
            "--device-type", "RandomAccess",
        ];
        return recover ? [.. arguments, "--recover"] : arguments;
    }

    /// <summary>SAVE, as a client would send it: Garnet writes the snapshot that <c>--recover</c> reads back.</summary>
    private async Task SaveAsync()
    {
        await using var admin = await ConnectAsync();
        await admin.GetServer(admin.GetEndPoints()[0]).ExecuteAsync("SAVE");
    }

    /// <summary>A short-lived admin connection of the comparison's own, for a snapshot or the warm-up: never on a request path.</summary>
    private Task<ConnectionMultiplexer> ConnectAsync()
    {
        var options = new ConfigurationOptions { AllowAdmin = true, ConnectTimeout = 5000, AsyncTimeout = 10000, SyncTimeout = 10000, ClientName = "authserver-compare" };
        options.EndPoints.Add(ConnectionString);
        return ConnectionMultiplexer.ConnectAsync(options);
    }
}
