using AuthServer.Strategies.Abstractions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AuthServer.Strategies.Redis;

/// <summary>Ready only while Redis answers a PING within the operation timeout.</summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!redis.IsConnected)
        {
            return HealthCheckResult.Unhealthy("Redis is not connected.");
        }

        try
        {
            var latency = await redis.RunAsync(db => db.PingAsync(CommandFlags.DemandMaster));
            return HealthCheckResult.Healthy($"PING answered in {latency.TotalMilliseconds:0.0} ms.");
        }
        catch (StoreUnavailableException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.");
        }
    }
}
