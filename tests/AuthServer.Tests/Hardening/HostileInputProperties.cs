using System.Net;
using CsCheck;

namespace AuthServer.Tests.Hardening;

/// <summary>
/// Property-based: random and mutated tokens, headers and bodies at every endpoint through the real pipeline.
/// Whatever arrives, the answer is never a 5xx (CONTRACT.md) and carries <c>X-Content-Type-Options: nosniff</c>.
/// A failure prints the CsCheck seed to replay it.
/// </summary>
public sealed class HostileInputProperties(HostileInputServer server)
    : HostileInputPropertiesBase(server.CreateClient(), server.Credentials), IClassFixture<HostileInputServer>;

public sealed class SessionHostileInputProperties(SessionHostileInputServer server)
    : HostileInputPropertiesBase(server.CreateClient(), server.Credentials), IClassFixture<SessionHostileInputServer>;

public abstract class HostileInputPropertiesBase(HttpClient http, IReadOnlyList<string> credentials)
{
    private static readonly (HttpMethod Method, string Path)[] Endpoints =
    [
        (HttpMethod.Post, "/auth/register"), (HttpMethod.Post, "/auth/login"), (HttpMethod.Get, "/profile"),
        (HttpMethod.Post, "/auth/refresh"), (HttpMethod.Post, "/auth/logout"), (HttpMethod.Post, "/auth/logout-all"),
        (HttpMethod.Post, "/auth/revoke"), (HttpMethod.Post, "/admin/users/admin-user/revoke"), (HttpMethod.Get, "/auth/strategy"),
        (HttpMethod.Get, "/health/live"), (HttpMethod.Get, "/health/ready"), (HttpMethod.Get, "/.well-known/jwks.json"),
        (HttpMethod.Post, "/auth/password"), (HttpMethod.Get, "/.well-known/openid-configuration"), (HttpMethod.Post, "/auth/introspect"),
    ];

    private static readonly string RegisteredCaller = Introspection.IntrospectionCaller.Basic(
        Introspection.IntrospectionCaller.ClientId, Introspection.IntrospectionCaller.ClientSecret).ToString();

    private static readonly Gen<(HttpMethod, string)> Endpoint = Gen.Frequency(
        (8, (IGen<(HttpMethod, string)>)Gen.OneOf(Endpoints)),
        (1, Gen.Select(Gen.OneOf(HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Options, HttpMethod.Head), HostileGen.Unicode, Gen.OneOf("/revoke", "/roles/admin"),
            (m, s, action) => (m, "/admin/users/" + Uri.EscapeDataString(s) + action))),
        (1, Gen.Select(Gen.OneOf(Endpoints), HostileGen.Ascii, (e, q) => (e.Method, e.Path + "?" + Uri.EscapeDataString(q) + "=" + q.Length))));

    [Fact]
    public Task AnyCredential_AtEveryEndpoint_IsNeverA5xx() =>
        Gen.Select(Endpoint, HostileGen.Authorization(credentials)).SampleAsync(
            async (endpoint, authorization) => await AssertNo5xxAsync(endpoint, authorization, null, null), iter: 1500);

    [Fact]
    public Task AnyBody_AtEveryEndpoint_IsNeverA5xx() =>
        Gen.Select(Endpoint, HostileGen.Body, HostileGen.ContentType).SampleAsync(
            async (endpoint, body, contentType) => await AssertNo5xxAsync(endpoint, null, body, contentType), iter: 1500);

    [Fact]
    public Task AnyCombination_WithHostileHeaders_IsNeverA5xx() =>
        Gen.Select(Endpoint, HostileGen.Authorization(credentials), HostileGen.Body, HostileGen.ContentType, HostileGen.Text(HostileGen.HeaderChar, 40)).SampleAsync(
            async (endpoint, authorization, body, contentType, junk) => await AssertNo5xxAsync(endpoint, authorization, body, contentType, junk), iter: 1000);

    /// <summary>Past the caller check: a registered resource service sends hostile tokens and bodies.</summary>
    [Fact]
    public Task AnyTokenOrBody_FromARegisteredIntrospectionCaller_IsNeverA5xx() =>
        Gen.Select(HostileGen.Credential(credentials), HostileGen.Body, HostileGen.ContentType, Gen.Int[0, 2]).SampleAsync(
            async (token, body, contentType, shape) => await AssertNo5xxAsync(
                (HttpMethod.Post, "/auth/introspect"),
                RegisteredCaller,
                shape == 0 ? body : System.Text.Encoding.UTF8.GetBytes($"token={Uri.EscapeDataString(token)}&token_type_hint={(shape == 1 ? "refresh_token" : "access_token")}"),
                shape == 0 ? contentType : "application/x-www-form-urlencoded"),
            iter: 1000);

    private async Task AssertNo5xxAsync((HttpMethod Method, string Path) endpoint, string? authorization, byte[]? body, string? contentType, string? junk = null)
    {
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (junk is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", junk);
            request.Headers.TryAddWithoutValidation("Accept", junk);
            request.Headers.TryAddWithoutValidation("Cookie", junk);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {endpoint.Method} {endpoint.Path}: {text}");
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"no nosniff on {(int)response.StatusCode} for {endpoint.Method} {endpoint.Path}");
        if (response.StatusCode == HttpStatusCode.Unauthorized && endpoint.Path == "/profile")
        {
            Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }
}
