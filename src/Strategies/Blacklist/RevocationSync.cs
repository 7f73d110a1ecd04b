using System.Collections.Concurrent;
using System.Diagnostics;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Redis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthServer.Strategies.Blacklist;

/// <summary>
/// Keeps <see cref="RevocationList"/> in step with Redis: applies every message on the revocation channel, marks the
/// list out of sync on any disconnect, and resynchronises (subscription proven live, then a full reload) after each
/// reconnect and every 30 seconds. Pacing uses the wall clock, so recovery happens even under a frozen test clock.
/// </summary>
internal sealed class RevocationSync(
    RedisConnection redis,
    RedisKeys keys,
    RevocationList list,
    RevocationStore store,
    IOptions<AuthOptions> auth,
    ILogger<RevocationSync> logger) : BackgroundService
{
    internal static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan FullResyncInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim wake = new(0);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> probes = new(StringComparer.Ordinal);
    private readonly string mode = auth.Value.RedisFailureMode == RedisFailureModes.FailOpen ? "accepted unverified (fail-open)" : "refused with 503 (fail-closed)";
    private bool subscribed;

    /// <summary>Syncs once before the server takes requests, so a healthy start never answers 503.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await Task.Run(
            async () =>
            {
                var multiplexer = redis.Multiplexer;
                multiplexer.ConnectionFailed += OnConnectionFailed;
                multiplexer.ConnectionRestored += (_, _) => Wake();
                try
                {
                    await ResyncAsync();
                }
                catch (Exception ex) when (RedisCalls.IsUnavailable(ex) || ex is StoreUnavailableException)
                {
                    list.MarkOutOfSync();
                    BlacklistLog.OutOfSync(logger, "Redis unreachable at start", mode);
                }
            },
            cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sinceFullSync = Stopwatch.StartNew();
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
                    // A hung server drops no connection: only a call that times out shows it.
                    await redis.RunAsync(db => db.PingAsync());
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                OutOfSync(ex.GetType().Name);
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
        var generation = list.Generation;
        var subscriber = redis.Subscriber;
        if (!subscribed)
        {
            await RedisCalls.RunAsync(subscriber.SubscribeAsync(keys.Revocations, OnMessage), redis.Timeout);
            subscribed = true;
        }

        // Subscribed before reading: a revocation written during the reload arrives as a message if the reload misses it.
        try
        {
            await ProveSubscriptionAsync();
        }
        catch (Exception ex) when (ex is StoreUnavailableException && redis.IsConnected)
        {
            // Redis answers but our own message never came back: subscribe afresh on the next attempt.
            subscribed = false;
            await subscriber.UnsubscribeAsync(keys.Revocations, OnMessage, CommandFlags.FireAndForget);
            throw;
        }
        var (tokens, users) = await store.LoadAsync();
        if (list.TryMarkInSync(generation))
        {
            BlacklistLog.InSync(logger, tokens, users);
        }
    }

    /// <summary>Publishes a nonce and waits to hear it back: the subscription is live end to end, not just connected.</summary>
    private async Task ProveSubscriptionAsync()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probes[nonce] = heard;
        try
        {
            await store.PublishAsync(RevocationMessage.Probe(nonce));
            await RedisCalls.RunAsync(heard.Task, redis.Timeout);
        }
        finally
        {
            probes.TryRemove(nonce, out _);
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue value)
    {
        if (!RevocationMessage.TryParse(value, out var message))
        {
            BlacklistLog.MalformedMessage(logger);
        }
        else if (message.Kind == RevocationKind.Probe)
        {
            if (probes.TryGetValue(message.Id, out var heard))
            {
                heard.TrySetResult();
            }
        }
        else
        {
            message.ApplyTo(list);
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
            BlacklistLog.OutOfSync(logger, reason, mode);
        }
    }

    private void Prune()
    {
        var removed = list.Prune();
        if (removed > 0)
        {
            BlacklistLog.Pruned(logger, removed);
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
