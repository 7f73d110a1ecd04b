using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using AuthServer.Client.Discovery;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthServer.Client.Introspection;

/// <summary>
/// One RFC 7662 call: the credential in a form body, this service's id and secret as HTTP Basic (RFC 6749 §2.3.1).
/// Returns the principal for an active access credential, null for anything else, and throws
/// <see cref="AuthServerUnavailableException"/> when the server cannot give an answer.
/// </summary>
internal sealed class IntrospectionCaller(
    IHttpClientFactory http, AuthServerConnection connection, IOptions<AuthServerOptions> options, TimeProvider time, ILogger<IntrospectionCaller> logger)
{
    private readonly AuthenticationHeaderValue basic = Basic(options.Value.ClientId, options.Value.ClientSecret);
    private readonly TimeSpan timeout = options.Value.IntrospectionTimeout;
    private int failing;

    public async Task<(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt)?> IntrospectAsync(string credential, string scheme, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, connection.IntrospectionEndpoint)
        {
            Content = new FormUrlEncodedContent([new("token", credential), new("token_type_hint", "access_token")]),
        };
        request.Headers.Authorization = basic;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        IntrospectionDocument? answer;
        try
        {
            using var response = await http.CreateClient(AuthServerDiscovery.HttpClientName).SendAsync(request, deadline.Token);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                ClientLog.IntrospectionRefused(logger, options.Value.ClientId!);
                throw new AuthServerUnavailableException("the auth server refused this service's introspection credentials");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw Unavailable($"HTTP {(int)response.StatusCode}", null);
            }

            answer = await response.Content.ReadFromJsonAsync(ServerDocumentsContext.Default.IntrospectionDocument, deadline.Token);
            Volatile.Write(ref failing, 0);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(ex is OperationCanceledException ? "timeout" : ex.GetType().Name, ex);
        }

        return ToPrincipal(answer, scheme);
    }

    // Only an active access credential with a subject and a future expiry: a refresh token is never a bearer credential.
    private (ClaimsPrincipal, DateTimeOffset)? ToPrincipal(IntrospectionDocument? answer, string scheme)
    {
        if (answer is not { Active: true, TokenType: "access_token", Subject.Length: > 0, ExpiresAt: { } exp })
        {
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(exp);
        if (expiresAt <= time.GetUtcNow())
        {
            return null;
        }

        var claims = new List<Claim>
        {
            new(AuthServerDefaults.SubjectClaim, answer.Subject),
            new(AuthServerDefaults.NameClaim, answer.Username ?? string.Empty),
            new("exp", exp.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
        };
        if (answer.IssuedAt is { } iat)
        {
            claims.Add(new("iat", iat.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        claims.AddRange((answer.Roles ?? []).Select(role => new Claim(AuthServerDefaults.RoleClaim, role)));
        var identity = new ClaimsIdentity(claims, scheme, AuthServerDefaults.NameClaim, AuthServerDefaults.RoleClaim);
        return (new ClaimsPrincipal(identity), expiresAt);
    }

    private AuthServerUnavailableException Unavailable(string failure, Exception? inner)
    {
        // Once per outage, not once per request.
        if (Interlocked.Exchange(ref failing, 1) == 0)
        {
            ClientLog.IntrospectionUnavailable(logger, failure);
        }

        return new AuthServerUnavailableException($"introspection failed: {failure}", inner!);
    }

    private static AuthenticationHeaderValue Basic(string? id, string? secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id ?? string.Empty)}:{Uri.EscapeDataString(secret ?? string.Empty)}")));
}
