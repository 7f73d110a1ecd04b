using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AuthServer.Revocation;

/// <summary>
/// This instance's subscription to the revocation channel: applies each message to <see cref="RevocationList"/>, and
/// can prove the subscription delivers by publishing a nonce and hearing it back.
/// </summary>
internal sealed class RevocationChannel(IRevocationConnection redis, RevocationKeys keys, RevocationList list, RevocationReader reader, ILogger<RevocationChannel> logger)
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> probes = new(StringComparer.Ordinal);
    private bool subscribed;

    /// <summary>Subscribes if needed, then waits to hear a probe of its own; throws when the channel does not deliver.</summary>
    public async Task EnsureLiveAsync()
    {
        var subscriber = redis.Subscriber;
        if (!subscribed)
        {
            await RedisCalls.RunAsync(subscriber.SubscribeAsync(keys.Revocations, OnMessage), redis.Timeout);
            subscribed = true;
        }

        try
        {
            await ProveAsync();
        }
        catch (StoreUnavailableException) when (redis.IsConnected)
        {
            // Redis answers but our own message never came back: subscribe afresh on the next attempt.
            subscribed = false;
            await subscriber.UnsubscribeAsync(keys.Revocations, OnMessage, CommandFlags.FireAndForget);
            throw;
        }
    }

    private async Task ProveAsync()
    {
        var nonce = Guid.NewGuid().ToString("N");
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        probes[nonce] = heard;
        try
        {
            await reader.PublishAsync(RevocationMessage.Probe(nonce));
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
            RevocationLog.MalformedMessage(logger);
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
}
