using System.Text.Encodings.Web;
using AuthServer.Strategies.Authentication;
using AuthServer.Strategies.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Strategies.Jwt;

/// <summary>
/// <c>Authorization: Bearer &lt;JWT&gt;</c> for the three JWT strategies. Validation is IdentityModel's, with the
/// contract's <see cref="AccessTokenAuthenticationOptions.TokenValidationParameters"/>; this handler is only the HTTP
/// glue JwtBearer would be, without JwtBearer's per-request copy of the parameters, event contexts and principal.
/// </summary>
internal sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AccessTokenAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenAuthenticator authenticator,
    AuthMetrics metrics) : BearerAuthenticationHandler<AccessTokenAuthenticationOptions>(options, logger, encoder, metrics)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        BearerCredential.TryRead(Request, out ReadOnlySpan<char> credential)
            ? authenticator.AuthenticateAsync(credential, Options.TokenValidationParameters, Context)
            : Task.FromResult(AuthenticateResult.NoResult());
}
