using AuthServer.Strategies.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>JwtBearer events shared by the JWT strategies: the revocation check and the contract's 401/403 answers.</summary>
internal sealed partial class AccessTokenBearerEvents(IEnumerable<IAccessTokenRevocationCheck> revocationChecks, ILogger<AccessTokenBearerEvents> logger) : JwtBearerEvents
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
            var reason = await check.CheckAsync(token, context.Principal, context.HttpContext.RequestAborted);
            if (reason is not null)
            {
                context.Fail(new RevokedCredentialException(reason));
                return;
            }
        }
    }

    public override Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        if (context.AuthenticateFailure is { } failure && logger.IsEnabled(LogLevel.Information))
        {
            // Why, never the token: the reason is the same text the client gets in WWW-Authenticate.
            var client = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            var reason = AuthFailureDescriber.Describe(failure);
            var failureType = failure.GetType().Name;
            TokenRefused(logger, client, reason, failureType);
        }

        return BearerChallenge.WriteUnauthorizedAsync(context.HttpContext, context.AuthenticateFailure);
    }

    public override Task Forbidden(ForbiddenContext context) => BearerChallenge.WriteForbiddenAsync(context.HttpContext);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Access token refused from {ClientAddress}: {Reason} ({FailureType})")]
    private static partial void TokenRefused(ILogger logger, string clientAddress, string reason, string failureType);
}
