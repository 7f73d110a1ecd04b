using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>
/// Keeps <see cref="RevocationList"/> in step with Redis: applies every message on the revocation channel, marks the
/// list out of sync on any disconnect, and resynchronises (subscription proven live, then a full reload) after each
/// reconnect and every 30 seconds. Pacing uses the wall clock, so recovery happens even under a frozen test clock.
/// </summary>
internal sealed class RevocationSync(
    IRevocationConnection redis,
    RevocationList list,
    IRevocationLoader store,
    RevocationChannel channel,
    IOptions<RevocationListOptions> options,
    ILogger<RevocationSync> logger) : BackgroundService
{
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan FullResyncInterval = TimeSpan.FromSeconds(30);
    internal const int MissedProbesForOutage = 2;

    private readonly SemaphoreSlim wake = new(0);
    private readonly string mode = options.Value.FailOpen ? "accepted unverified (fail-open)" : "refused with 503 (fail-closed)";

    /// <summary>Syncs once before the server takes requests, so a healthy start never answers 503.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += (_, _) => Wake();
        await Task.Run(
            async () =>
            {
                try
                {
                    await ResyncAsync();
                }
                catch (Exception ex) when (RedisCalls.IsUnavailable(ex) || ex is StoreUnavailableException)
                {
                    list.MarkOutOfSync();
                    RevocationLog.OutOfSync(logger, "Redis unreachable at start", mode);
                }
            },
            cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sinceFullSync = Stopwatch.StartNew();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!list.InSync || sinceFullSync.Elapsed >= FullResyncInterval)
                {
                    await ResyncAsync();
                    sinceFullSync.Restart();
                    Prune();
                }
                else
                {
                    // A hung server drops no connection: only calls that time out show it.
                    await redis.RunAsync(db => db.PingAsync(CommandFlags.DemandMaster));
                }

                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A dropped connection is reported at once by its event. While it stands TCP loses no message, so one
                // slow answer is not an outage; a second in a row is.
                if (!list.InSync || ++failures >= MissedProbesForOutage)
                {
                    OutOfSync(ex.GetType().Name);
                }
            }

            try
            {
                await wake.WaitAsync(ProbeInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ResyncAsync()
    {
        var epoch = list.SyncEpoch;
        // Live before reading: a revocation written during the reload arrives as a message if the reload misses it.
        await channel.EnsureLiveAsync();
        var (tokens, users) = await store.LoadAsync();
        if (list.TryMarkInSync(epoch))
        {
            RevocationLog.InSync(logger, tokens, users);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        OutOfSync(e.FailureType.ToString());
        Wake();
    }

    private void OutOfSync(string reason)
    {
        if (list.MarkOutOfSync())
        {
            RevocationLog.OutOfSync(logger, reason, mode);
        }
    }

    private void Prune()
    {
        var removed = list.Prune();
        if (removed > 0)
        {
            RevocationLog.Pruned(logger, removed);
        }
    }

    private void Wake()
    {
        if (wake.CurrentCount == 0)
        {
            wake.Release();
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }
}
