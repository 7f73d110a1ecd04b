using System.Text.Encodings.Web;
using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AuthServer.Strategies.Sessions;

/// <summary>
/// Authenticates <c>Authorization: Bearer &lt;session id&gt;</c> with one Redis read. No credential → NoResult; a bad,
/// unknown or expired one → Fail; Redis away → Fail with <see cref="StoreUnavailableException"/>, which the challenge
/// rethrows (503) only where authentication is required: an anonymous endpoint still answers, as under the JWT strategies.
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<SessionAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionStore store,
    AuthMetrics metrics,
    TimeProvider time) : BearerAuthenticationHandler<SessionAuthenticationOptions>(options, logger, encoder, metrics)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var result = await AuthenticateSessionAsync();
        if (result.Succeeded)
        {
            Metrics.AuthenticationSucceeded();
        }
        else if (result.Failure is { } failure)
        {
            Metrics.AuthenticationFailed(AuthFailureDescriber.Reason(failure));
        }

        return result;
    }

    private async Task<AuthenticateResult> AuthenticateSessionAsync()
    {
        // Where the endpoint asks nobody who calls (/health/ready, /auth/strategy), the session is not looked up: no Redis
        // read whose answer nobody uses, and no wait for a Redis that is down before the endpoint's own answer.
        if (IsAnonymousEndpoint() || !BearerCredential.TryRead(Request, out string credential))
        {
            return AuthenticateResult.NoResult();
        }

        if (!SessionIds.IsWellFormed(credential))
        {
            return AuthenticateResult.Fail(new WrongCredentialKindException(
                new JsonWebTokenHandler().CanReadToken(credential) ? "a JWT is not accepted: this server takes session ids" : "the credential is not a session id"));
        }

        var key = SessionKey.Of(credential);
        SessionRecord? session;
        try
        {
            session = await store.FindAsync(key);
        }
        catch (StoreUnavailableException unavailable)
        {
            Metrics.RevocationChecked(RevocationCheckOutcome.StoreUnavailable);
            return AuthenticateResult.Fail(unavailable);
        }

        Metrics.RevocationChecked(session is null ? RevocationCheckOutcome.Revoked : RevocationCheckOutcome.Passed);
        if (session is null)
        {
            return AuthenticateResult.Fail(new RevokedCredentialException("the session is unknown, has expired or was revoked"));
        }

        var now = time.GetUtcNow();
        if (Options.IsExpired(session, now))
        {
            return AuthenticateResult.Fail(new SecurityTokenExpiredException("the session has expired"));
        }

        if (Options.NeedsSlidingWrite(session, now))
        {
            store.Slide(key, now, Options.TimeToLive(session, now));
            session = session with { LastSeenAt = now.ToUnixTimeMilliseconds() };
        }

        var principal = SessionPrincipal.Create(key.Hash, session, Options.ExpiresAt(session), Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    // As the authorization middleware decides (AllowAnonymous, or no authorization data). Without an endpoint (an explicit
    // AuthenticateAsync, as introspection makes on a request of its own) the session is looked up.
    private bool IsAnonymousEndpoint() =>
        Context.GetEndpoint()?.Metadata is { } metadata
        && (metadata.GetMetadata<IAllowAnonymous>() is not null || metadata.GetMetadata<IAuthorizeData>() is null);
}
