using System.Runtime.ExceptionServices;
using System.Text.Encodings.Web;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Authentication;

/// <summary>
/// What every strategy's bearer scheme answers the same way: a 401 with RFC 6750's header and a problem body, a 403
/// for a missing role, and a store that is down surfacing as its exception, which the host answers 503.
/// </summary>
internal abstract class BearerAuthenticationHandler<TOptions>(IOptionsMonitor<TOptions> options, ILoggerFactory logger, UrlEncoder encoder, AuthMetrics metrics)
    : AuthenticationHandler<TOptions>(options, logger, encoder)
    where TOptions : AuthenticationSchemeOptions, new()
{
    protected AuthMetrics Metrics => metrics;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        if (result.Failure is StoreUnavailableException unavailable)
        {
            // Rethrown for the host's exception handler: a store that is down is a 503, not a 401.
            ExceptionDispatchInfo.Throw(unavailable);
        }

        if (result.Failure is null)
        {
            metrics.AuthenticationFailed(AuthResults.MissingCredential);
        }

        await BearerChallenge.WriteUnauthorizedAsync(Context, result.Failure);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => BearerChallenge.WriteForbiddenAsync(Context);
}
