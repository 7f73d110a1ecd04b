using AuthServer.Strategies.Redis;
using AuthServer.Strategies.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AuthServer.Strategies.Sessions;

/// <summary>
/// Counts the live sessions in Redis every 30 s for the active-sessions gauge: a SCAN of the session keys,
/// so every instance reports the same figure. Off the request path; a failed count is skipped.
/// </summary>
internal sealed class ActiveSessionSampler(SessionStore store, AuthMetrics metrics, TimeProvider time, ILogger<ActiveSessionSampler> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                metrics.ActiveSessionsObserved(await store.CountAsync(stoppingToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                RedisLog.SessionCountFailed(logger, ex.GetType().Name);
            }
        }
    }
}
