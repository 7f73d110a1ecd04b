using System.Runtime.ExceptionServices;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>JwtBearer events shared by the JWT strategies: the revocation check and the contract's 401/403 answers.</summary>
internal sealed class AccessTokenBearerEvents(IEnumerable<IAccessTokenRevocationCheck> revocationChecks) : JwtBearerEvents
{
    private readonly IAccessTokenRevocationCheck[] checks = [.. revocationChecks];

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        if (checks.Length == 0 || context.SecurityToken is not JsonWebToken token || context.Principal is null)
        {
            return;
        }

        foreach (var check in checks)
        {
            string? reason;
            try
            {
                reason = await check.CheckAsync(token, context.Principal, context.HttpContext.RequestAborted);
            }
            catch (StoreUnavailableException unavailable)
            {
                // Not the token's fault: fail here without JwtBearer logging an error per request; the challenge answers 503.
                context.Fail(unavailable);
                return;
            }

            if (reason is not null)
            {
                context.Fail(new RevokedCredentialException(reason));
                return;
            }
        }
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is StoreUnavailableException unavailable)
        {
            // Rethrown for the host's exception handler: a store that is down is a 503, not a 401.
            ExceptionDispatchInfo.Throw(unavailable);
        }

        context.HandleResponse();
        return BearerChallenge.WriteUnauthorizedAsync(context.HttpContext, context.AuthenticateFailure);
    }

    public override Task Forbidden(ForbiddenContext context) => BearerChallenge.WriteForbiddenAsync(context.HttpContext);
}
