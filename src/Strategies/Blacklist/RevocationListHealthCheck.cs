using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthServer.Strategies.Blacklist;

/// <summary>Ready only while this instance's revocation list is known to match Redis.</summary>
internal sealed class RevocationListHealthCheck(RevocationList list) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(list.InSync
            ? HealthCheckResult.Healthy($"In sync: {list.TokenCount} revoked tokens, {list.GenerationCount} user generations.")
            : HealthCheckResult.Unhealthy("Out of sync with Redis: waiting to resynchronise."));
}
