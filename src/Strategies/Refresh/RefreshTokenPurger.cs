using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Refresh;

/// <summary>Deletes expired refresh tokens and families in the background.</summary>
internal sealed class RefreshTokenPurger(DatabaseGuard database, TimeProvider time, ILogger<RefreshTokenPurger> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                // A write like any other: on SQLite it queues with the requests' writes (SqliteWriteGate).
                var now = time.GetUtcNow().ToUnixTimeMilliseconds();
                var rows = await database.WriteAsync<RefreshTokenStore, int>(store => store.PurgeAsync(now, stoppingToken), stoppingToken);
                if (rows > 0)
                {
                    RefreshLog.Purged(logger, rows);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RefreshLog.PurgeFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
