using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Options;

/// <summary>Names at start the risk of a setting that is allowed but weakens a guarantee.</summary>
internal sealed partial class RiskySettingsWarning(IOptions<AuthOptions> options, ILogger<RiskySettingsWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RedisFailureMode == RedisFailureModes.FailOpen)
        {
            FailOpen(logger, options.Value.Strategy);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning,
        Message = "Auth:RedisFailureMode=fail-open (strategy {Strategy}): while Redis is unreachable, access tokens are accepted without the revocation check, so a revoked or stolen token keeps working until its exp; an instance started while Redis is unreachable knows no revocation at all until it answers")]
    private static partial void FailOpen(ILogger logger, string strategy);
}
