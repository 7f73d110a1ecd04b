using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// Decides one bearer JWT: IdentityModel's validation (cached by <see cref="CachingAccessTokenHandler"/>), then the
/// strategy's revocation checks, cached token or not. A singleton, so the per-request handler stays small. A cached
/// token whose checks answer at once (in-process, as jwt-blacklist's do) is decided without allocating.
/// </summary>
internal sealed class AccessTokenAuthenticator(CachingAccessTokenHandler tokens, IEnumerable<IAccessTokenRevocationCheck> revocationChecks, AuthMetrics metrics)
{
    private readonly IAccessTokenRevocationCheck[] checks = [.. revocationChecks];

    public Task<AuthenticateResult> AuthenticateAsync(ReadOnlySpan<char> credential, TokenValidationParameters parameters, CancellationToken cancellationToken)
    {
        var validation = tokens.ValidateAccessTokenAsync(credential, parameters);
        if (!validation.IsCompletedSuccessfully)
        {
            return AuthenticateSlowAsync(validation, cancellationToken);
        }

        var check = validation.Result;
        if (check.Valid is not { } valid)
        {
            return Task.FromResult(Refuse(check.Failure!));
        }

        for (var i = 0; i < checks.Length; i++)
        {
            var revocation = Check(checks[i], valid, cancellationToken);
            if (!revocation.IsCompletedSuccessfully)
            {
                return FinishChecksAsync(valid, i, revocation, cancellationToken);
            }

            if (Decide(revocation.Result) is { } refused)
            {
                return Task.FromResult(refused);
            }
        }

        metrics.AuthenticationSucceeded();
        return valid.Succeeded;
    }

    private async Task<AuthenticateResult> AuthenticateSlowAsync(ValueTask<AccessTokenCheck> validation, CancellationToken cancellationToken)
    {
        var check = await validation;
        if (check.Valid is not { } valid)
        {
            return Refuse(check.Failure!);
        }

        return await FinishChecksAsync(valid, 0, null, cancellationToken);
    }

    // From check `from` on, awaiting; `pending` is that check's answer if it was already asked.
    private async Task<AuthenticateResult> FinishChecksAsync(ValidatedAccessToken valid, int from, ValueTask<string?>? pending, CancellationToken cancellationToken)
    {
        for (var i = from; i < checks.Length; i++)
        {
            string? reason;
            try
            {
                reason = await (i == from && pending is { } asked ? asked : Check(checks[i], valid, cancellationToken));
            }
            catch (Abstractions.StoreUnavailableException unavailable)
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
        return await valid.Succeeded;
    }

    // A check that throws at once (the store is known to be away) is answered as a faulted task, handled above.
    private static ValueTask<string?> Check(IAccessTokenRevocationCheck check, ValidatedAccessToken valid, CancellationToken cancellationToken)
    {
        try
        {
            return check.CheckAsync(valid.Token, valid.Principal, cancellationToken);
        }
        catch (Exception e)
        {
            return ValueTask.FromException<string?>(e);
        }
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
