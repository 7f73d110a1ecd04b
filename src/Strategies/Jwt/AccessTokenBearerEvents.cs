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
        return BearerChallenge.WriteUnauthorizedAsync(context.HttpContext, context.AuthenticateFailure);
    }

    public override Task Forbidden(ForbiddenContext context) => BearerChallenge.WriteForbiddenAsync(context.HttpContext);
}
