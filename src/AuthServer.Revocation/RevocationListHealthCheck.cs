using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AuthServer.Revocation;

/// <summary>
/// Ready only while this instance's revocation list is known to match Redis. How many revocations it holds says how
/// much logging out this deployment sees: told in Development only, since /health/ready answers anyone.
/// </summary>
internal sealed class RevocationListHealthCheck(RevocationList list, IHostEnvironment environment) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(list.InSync
            ? HealthCheckResult.Healthy(environment.IsDevelopment() ? $"In sync: {list.TokenCount} revoked tokens, {list.GenerationCount} user generations." : "In sync.")
            : HealthCheckResult.Unhealthy("Out of sync with Redis: waiting to resynchronise."));
}
