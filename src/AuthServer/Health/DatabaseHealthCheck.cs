using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthServer.Health;

/// <summary>Ready only while the database (SQLite or PostgreSQL) answers a query, asked the way requests ask it.</summary>
internal sealed class DatabaseHealthCheck(DatabaseGuard guard, AuthDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var engine = database.IsPostgres ? "PostgreSQL" : "SQLite";
        if (guard.IsDown)
        {
            // Requests get 503 at once now; the guard's probe says when it answers again.
            return HealthCheckResult.Unhealthy($"{engine} does not answer.");
        }

        try
        {
            await guard.CallAsync<AuthDbContext, int>(db => db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{engine} does not answer.", ex);
        }
    }
}
