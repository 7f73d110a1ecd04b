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

    public Task<AuthenticateResult> AuthenticateAsync(ReadOnlySpan<char> credential, TokenValidationParameters parameters, CancellationToken cancellationToken)
    {
        var validation = tokens.ValidateAccessTokenAsync(credential, parameters);
        // A cached token with nothing to check is the hot path of two strategies: the shared answer, no state machine.
        if (validation.IsCompletedSuccessfully && checks.Length == 0)
        {
            var check = validation.Result;
            if (check.Valid is not { } valid)
            {
                return Task.FromResult(Refuse(check.Failure!));
            }

            metrics.AuthenticationSucceeded();
            return valid.Succeeded;
        }

        return AuthenticateWithChecksAsync(validation, cancellationToken);
    }

    private async Task<AuthenticateResult> AuthenticateWithChecksAsync(ValueTask<AccessTokenCheck> validation, CancellationToken cancellationToken)
    {
        var check = await validation;
        if (check.Valid is not { } valid)
        {
            return Refuse(check.Failure!);
        }

        foreach (var revocation in checks)
        {
            string? reason;
            try
            {
                reason = await revocation.CheckAsync(valid.Token, valid.Principal, cancellationToken);
            }
            catch (StoreUnavailableException unavailable)
            {
                // Not the token's fault: fail quietly here; the challenge answers 503, and anonymous endpoints still work.
                metrics.RevocationChecked(RevocationCheckOutcome.StoreUnavailable);
                return AuthenticateResult.Fail(unavailable);
            }

            if (Decide(reason) is { } refused)
            {
                return refused;
            }
        }

        metrics.AuthenticationSucceeded();
        return valid.Succeeded.Result;
    }

    private AuthenticateResult? Decide(string? reason)
    {
        if (reason is null)
        {
            metrics.RevocationChecked(RevocationCheckOutcome.Passed);
            return null;
        }

        metrics.RevocationChecked(RevocationCheckOutcome.Revoked);
        metrics.AuthenticationFailed(AuthResults.Revoked);
        return AuthenticateResult.Fail(new RevokedCredentialException(reason));
    }

    private AuthenticateResult Refuse(Exception failure)
    {
        metrics.AuthenticationFailed(AuthFailureDescriber.Reason(failure));
        return AuthenticateResult.Fail(failure);
    }
}
