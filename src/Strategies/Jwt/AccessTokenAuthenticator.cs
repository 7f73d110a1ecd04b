using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// Decides one bearer JWT: IdentityModel's validation (cached by <see cref="CachingAccessTokenHandler"/>), then the
/// strategy's revocation checks, cached token or not. A singleton, so the per-request handler stays small.
/// Requests presenting one token share its cached principal and ticket only while no <see cref="IClaimsTransformation"/>
/// but the framework's no-op is registered: a transformation may add to the principal it is handed, so with one each
/// request gets a copy of its own.
/// </summary>
internal sealed class AccessTokenAuthenticator(CachingAccessTokenHandler tokens, IEnumerable<IAccessTokenRevocationCheck> revocationChecks, AuthMetrics metrics)
{
    private readonly IAccessTokenRevocationCheck[] checks = [.. revocationChecks];

    // 0: not known yet (the registrations are read from the first request's services); 1: shared; -1: copied.
    private int sharing;

    public Task<AuthenticateResult> AuthenticateAsync(ReadOnlySpan<char> credential, TokenValidationParameters parameters, HttpContext context)
    {
        var shared = SharesPrincipals(context.RequestServices);
        var validation = tokens.ValidateAccessTokenAsync(credential, parameters);
        if (!validation.IsCompletedSuccessfully)
        {
            return AuthenticateWithChecksAsync(validation, shared, context.RequestAborted);
        }

        var check = validation.Result;
        if (check.Valid is not { } valid)
        {
            return Task.FromResult(Refuse(check.Failure!));
        }

        // A cached token whose checks all answer at once (jwt-blacklist's are in-process lookups) is the hot path of
        // three strategies: decided here, without a state machine, and answered with the shared completed task.
        for (var i = 0; i < checks.Length; i++)
        {
            ValueTask<string?> revocation;
            try
            {
                revocation = checks[i].CheckAsync(valid.Token, valid.Principal, context.RequestAborted);
            }
            catch (StoreUnavailableException unavailable)
            {
                return Task.FromResult(Unavailable(unavailable));
            }

            if (!revocation.IsCompletedSuccessfully)
            {
                return FinishChecksAsync(valid, i, revocation, shared, context.RequestAborted);
            }

            if (Decide(revocation.Result) is { } refused)
            {
                return Task.FromResult(refused);
            }
        }

        return Succeed(valid, shared);
    }

    private async Task<AuthenticateResult> AuthenticateWithChecksAsync(ValueTask<AccessTokenCheck> validation, bool shared, CancellationToken cancellationToken)
    {
        var check = await validation;
        if (check.Valid is not { } valid)
        {
            return Refuse(check.Failure!);
        }

        return await FinishChecksAsync(valid, 0, null, shared, cancellationToken);
    }

    // From check number `next` on; `pending`, when given, is that check's answer still under way.
    private async Task<AuthenticateResult> FinishChecksAsync(
        ValidatedAccessToken valid, int next, ValueTask<string?>? pending, bool shared, CancellationToken cancellationToken)
    {
        for (var i = next; i < checks.Length; i++)
        {
            string? reason;
            try
            {
                reason = i == next && pending is { } started ? await started : await checks[i].CheckAsync(valid.Token, valid.Principal, cancellationToken);
            }
            catch (StoreUnavailableException unavailable)
            {
                return Unavailable(unavailable);
            }

            if (Decide(reason) is { } refused)
            {
                return refused;
            }
        }

        return await Succeed(valid, shared);
    }

    private Task<AuthenticateResult> Succeed(ValidatedAccessToken valid, bool shared)
    {
        metrics.AuthenticationSucceeded();
        return shared ? valid.Succeeded : Task.FromResult(valid.ForOneRequest());
    }

    // Not the token's fault: fail quietly here; the challenge answers 503, and anonymous endpoints still work.
    private AuthenticateResult Unavailable(StoreUnavailableException unavailable)
    {
        metrics.RevocationChecked(RevocationCheckOutcome.StoreUnavailable);
        return Refuse(unavailable);
    }

    private bool SharesPrincipals(IServiceProvider requestServices)
    {
        var known = Volatile.Read(ref sharing);
        if (known == 0)
        {
            known = requestServices.GetService<IClaimsTransformation>() is null or NoopClaimsTransformation ? 1 : -1;
            Volatile.Write(ref sharing, known);
        }

        return known == 1;
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
