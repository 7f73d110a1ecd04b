using Microsoft.Extensions.Hosting;

namespace AuthServer.Strategies.Redis;

/// <summary>Connects (or starts the embedded server) before the first request, so its log lines come at start; never fails the start.</summary>
internal sealed class RedisWarmup(RedisConnection redis) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.Run(redis.TryConnect, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
