using System.Runtime.ExceptionServices;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>JwtBearer events shared by the JWT strategies: the revocation check, metrics and the contract's 401/403 answers.</summary>
internal sealed class AccessTokenBearerEvents(IEnumerable<IAccessTokenRevocationCheck> revocationChecks, AuthMetrics metrics) : JwtBearerEvents
{
    private readonly IAccessTokenRevocationCheck[] checks = [.. revocationChecks];

    public override Task TokenValidated(TokenValidatedContext context)
    {
        // The hot path of the strategies without revocation: no state machine, one counter increment.
        if (checks.Length == 0 || context.SecurityToken is not JsonWebToken token || context.Principal is null)
        {
            metrics.AuthenticationSucceeded();
            return Task.CompletedTask;
        }

        return CheckRevocationAsync(context, token);
    }

    public override Task AuthenticationFailed(AuthenticationFailedContext context)
    {
        metrics.AuthenticationFailed(AuthFailureDescriber.Reason(context.Exception));
        return Task.CompletedTask;
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is StoreUnavailableException unavailable)
        {
            // Rethrown for the host's exception handler: a store that is down is a 503, not a 401.
            ExceptionDispatchInfo.Throw(unavailable);
        }

        if (context.AuthenticateFailure is null)
        {
            metrics.AuthenticationFailed(AuthResults.MissingCredential);
        }

        context.HandleResponse();
        return BearerChallenge.WriteUnauthorizedAsync(context.HttpContext, context.AuthenticateFailure);
    }

    public override Task Forbidden(ForbiddenContext context) => BearerChallenge.WriteForbiddenAsync(context.HttpContext);

    private async Task CheckRevocationAsync(TokenValidatedContext context, JsonWebToken token)
    {
        foreach (var check in checks)
        {
            string? reason;
            try
            {
                reason = await check.CheckAsync(token, context.Principal!, context.HttpContext.RequestAborted);
            }
            catch (StoreUnavailableException unavailable)
            {
                // Not the token's fault: fail without JwtBearer logging an error per request; the challenge answers 503.
                metrics.RevocationChecked(RevocationCheckOutcome.StoreUnavailable);
                context.Fail(unavailable);
                return;
            }

            if (reason is not null)
            {
                metrics.RevocationChecked(RevocationCheckOutcome.Revoked);
                metrics.AuthenticationFailed(AuthResults.Revoked);
                context.Fail(new RevokedCredentialException(reason));
                return;
            }

            metrics.RevocationChecked(RevocationCheckOutcome.Passed);
        }

        metrics.AuthenticationSucceeded();
    }
}
