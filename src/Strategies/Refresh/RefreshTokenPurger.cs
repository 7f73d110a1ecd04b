using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Refresh;

/// <summary>Deletes expired refresh tokens and families in the background.</summary>
internal sealed class RefreshTokenPurger(IServiceScopeFactory scopes, TimeProvider time, ILogger<RefreshTokenPurger> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var rows = await scope.ServiceProvider.GetRequiredService<RefreshTokenStore>()
                    .PurgeAsync(time.GetUtcNow().ToUnixTimeMilliseconds(), stoppingToken);
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
