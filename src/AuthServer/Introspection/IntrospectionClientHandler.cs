using System.Security.Claims;
using System.Text.Encodings.Web;
using AuthServer.Endpoints;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AuthServer.Introspection;

/// <summary>
/// The scheme of <c>/auth/introspect</c>'s callers: HTTP Basic with a registered client id and secret (RFC 7662 §2.1).
/// Refused callers get RFC 6749 §5.2's 401 <c>invalid_client</c> with <c>WWW-Authenticate: Basic</c> (RFC 7662 §2.3).
/// </summary>
internal sealed class IntrospectionClientHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IntrospectionClients clients) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "IntrospectionClient";
    public const string ClientIdClaim = "client_id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!BasicCredentials.IsPresent(Request))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!BasicCredentials.TryRead(Request, out var id, out var secret))
        {
            return Refuse("malformed Basic credentials", null);
        }

        if (!clients.Verify(id, secret, out var known))
        {
            // A known id is configuration, safe to name; an unknown one might be anything, a pasted secret included.
            return Refuse(known ? "wrong secret" : "unknown client", known ? id : null);
        }

        var identity = new ClaimsIdentity([new Claim(ClientIdClaim, id)], SchemeName, ClientIdClaim, null);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = "Basic realm=\"authserver-introspection\", charset=\"UTF-8\"";
        Response.Headers.CacheControl = "no-store";
        var description = clients.Any
            ? "a registered resource service must authenticate with HTTP Basic (RFC 7662 §2.1)"
            : "no resource service is registered (Introspection:Clients): introspection is refused to everyone";
        await Response.WriteAsJsonAsync(new OAuthError("invalid_client", description), AuthServerJsonContext.Default.OAuthError, contentType: null, Context.RequestAborted);
    }

    private Task<AuthenticateResult> Refuse(string reason, string? clientId)
    {
        var address = Context.ClientAddress();
        IntrospectionLog.CallerRefused(Logger, address, reason, clientId ?? "-");
        return Task.FromResult(AuthenticateResult.Fail(reason));
    }
}
