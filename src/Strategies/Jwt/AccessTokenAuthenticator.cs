using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// Decides one bearer JWT: IdentityModel's validation (cached by <see cref="CachingAccessTokenHandler"/>), then the
/// strategy's revocation checks, cached token or not. A singleton, so the per-request handler stays small.
/// </summary>
internal sealed class AccessTokenAuthenticator(CachingAccessTokenHandler tokens, IEnumerable<IAccessTokenRevocationCheck> revocationChecks, AuthMetrics metrics)
{
    private readonly IAccessTokenRevocationCheck[] checks = [.. revocationChecks];

    public Task<AuthenticateResult> AuthenticateAsync(string credential, TokenValidationParameters parameters, CancellationToken cancellationToken)
    {
        var validation = tokens.ValidateAccessTokenAsync(credential, parameters);
        // A cached token with nothing to check is the hot path: answered without an async state machine.
        return validation.IsCompletedSuccessfully && checks.Length == 0
            ? Task.FromResult(Accept(validation.Result))
            : AuthenticateSlowAsync(validation, cancellationToken);
    }

    private AuthenticateResult Accept(AccessTokenCheck check)
    {
        if (check.Valid is not { } valid)
        {
            metrics.AuthenticationFailed(AuthFailureDescriber.Reason(check.Failure!));
            return AuthenticateResult.Fail(check.Failure!);
        }

        metrics.AuthenticationSucceeded();
        return AuthenticateResult.Success(valid.Ticket);
    }

    private async Task<AuthenticateResult> AuthenticateSlowAsync(ValueTask<AccessTokenCheck> validation, CancellationToken cancellationToken)
    {
        var check = await validation;
        if (check.Valid is not { } valid)
        {
            return Accept(check);
        }

        foreach (var revocation in checks)
        {
            string? reason;
            try
            {
                reason = await revocation.CheckAsync(valid.Token, valid.Principal, cancellationToken);
            }
            catch (Abstractions.StoreUnavailableException unavailable)
            {
                // Not the token's fault: fail quietly here; the challenge answers 503, and anonymous endpoints still work.
                metrics.RevocationChecked(RevocationCheckOutcome.StoreUnavailable);
                return AuthenticateResult.Fail(unavailable);
            }

            if (reason is not null)
            {
                metrics.RevocationChecked(RevocationCheckOutcome.Revoked);
                metrics.AuthenticationFailed(AuthResults.Revoked);
                return AuthenticateResult.Fail(new RevokedCredentialException(reason));
            }

            metrics.RevocationChecked(RevocationCheckOutcome.Passed);
        }

        return Accept(check);
    }
}
