using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AuthServer.Tests.Introspection;

/// <summary>A registered resource service calling <c>POST /auth/introspect</c> the RFC 7662 way.</summary>
public static class IntrospectionCaller
{
    public const string ClientId = "orders-api";
    public const string ClientSecret = "3f9a1c0e7b2d4a68c5e1f0b9d2a7c4e6";

    public static Dictionary<string, string?> Settings(string id = ClientId, string secret = ClientSecret) => new()
    {
        ["Introspection:Clients:0:Id"] = id,
        ["Introspection:Clients:0:Secret"] = secret,
    };

    public static Task<HttpResponseMessage> PostAsync(HttpClient http, string token, string? hint = null, string id = ClientId, string? secret = ClientSecret)
    {
        var form = new Dictionary<string, string> { ["token"] = token };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/auth/introspect") { Content = new FormUrlEncodedContent(form) };
        if (secret is not null)
        {
            request.Headers.Authorization = Basic(id, secret);
        }

        return http.SendAsync(request);
    }

    /// <summary>The answer of a successful call; fails the test on any other status.</summary>
    public static async Task<JsonElement> IntrospectOkAsync(HttpClient http, string token, string? hint = null)
    {
        var response = await PostAsync(http, token, hint);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>RFC 6749 §2.3.1: each part form-encoded, then joined and base64-encoded.</summary>
    public static AuthenticationHeaderValue Basic(string id, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(id)}:{Uri.EscapeDataString(secret)}")));

    public static bool IsActiveAccessCredential(JsonElement answer) =>
        answer.GetProperty("active").GetBoolean() && answer.GetProperty("token_type").GetString() == "access_token";
}
