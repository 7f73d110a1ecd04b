using AuthServer.Strategies.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthServer.Health;

/// <summary>Ready only while the database (SQLite or PostgreSQL) answers a query.</summary>
internal sealed class DatabaseHealthCheck(AuthDbContext db, AuthDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{(database.IsPostgres ? "PostgreSQL" : "SQLite")} does not answer.", ex);
        }
    }
}
