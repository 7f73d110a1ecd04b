using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AuthServer.Tests.Infrastructure;

/// <summary>Calls the contract's endpoints the way an external client does.</summary>
public sealed class ApiClient(HttpClient http)
{
    public const string Password = "correct horse battery";

    public HttpClient Http => http;

    public static string NewUsername(string prefix = "user") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 21, 64)];

    public Task<HttpResponseMessage> RegisterAsync(string username, string password = Password) =>
        http.PostAsJsonAsync("/auth/register", new { username, password });

    public Task<HttpResponseMessage> LoginAsync(string username, string password = Password) =>
        http.PostAsJsonAsync("/auth/login", new { username, password });

    /// <summary>A login as a trusted proxy forwards it for <paramref name="clientAddress"/> (<c>X-Forwarded-For</c>).</summary>
    public Task<HttpResponseMessage> LoginFromAsync(string clientAddress, string username, string password = Password) =>
        PostFromAsync(clientAddress, "/auth/login", new { username, password });

    public Task<HttpResponseMessage> RegisterFromAsync(string clientAddress, string username, string password = Password) =>
        PostFromAsync(clientAddress, "/auth/register", new { username, password });

    /// <summary>Registers a fresh user and logs in; returns the username and the token response.</summary>
    public async Task<(string Username, JsonElement Tokens)> SignUpAsync(string prefix = "user")
    {
        var username = NewUsername(prefix);
        (await RegisterAsync(username)).EnsureSuccessStatusCode();
        return (username, await LoginOkAsync(username));
    }

    public async Task<JsonElement> LoginOkAsync(string username, string password = Password)
    {
        var response = await LoginAsync(username, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> GetProfileAsync(string? credential) => SendAsync(HttpMethod.Get, "/profile", credential);

    public Task<HttpResponseMessage> LogoutAsync(string credential) => SendAsync(HttpMethod.Post, "/auth/logout", credential);

    public Task<HttpResponseMessage> LogoutAllAsync(string credential) => SendAsync(HttpMethod.Post, "/auth/logout-all", credential);

    public async Task<HttpResponseMessage> ChangePasswordAsync(string credential, string currentPassword, string newPassword)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/password")
        {
            Content = JsonContent.Create(new { current_password = currentPassword, new_password = newPassword }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        return await http.SendAsync(request);
    }

    public Task<HttpResponseMessage> AdminRevokeAsync(string credential, string username) =>
        SendAsync(HttpMethod.Post, $"/admin/users/{username}/revoke", credential);

    public Task<HttpResponseMessage> GrantAdminAsync(string credential, string username) =>
        SendAsync(HttpMethod.Put, $"/admin/users/{username}/roles/admin", credential);

    public Task<HttpResponseMessage> RemoveAdminAsync(string credential, string username) =>
        SendAsync(HttpMethod.Delete, $"/admin/users/{username}/roles/admin", credential);

    /// <summary>The roles <c>GET /profile</c> reports for the credential.</summary>
    public async Task<List<string?>> RolesAsync(string credential)
    {
        var profile = await (await GetProfileAsync(credential)).Content.ReadFromJsonAsync<JsonElement>();
        return [.. profile.GetProperty("roles").EnumerateArray().Select(r => r.GetString())];
    }

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        http.PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshToken });

    public Task<HttpResponseMessage> RevokeAsync(string token, string? hint = null)
    {
        var form = new Dictionary<string, string> { ["token"] = token };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        return http.PostAsync("/auth/revoke", new FormUrlEncodedContent(form));
    }

    private async Task<HttpResponseMessage> PostFromAsync<T>(string clientAddress, string path, T body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", clientAddress);
        return await http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? credential)
    {
        using var request = new HttpRequestMessage(method, path);
        if (credential is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential);
        }

        return await http.SendAsync(request);
    }
}

public static class JsonElementExtensions
{
    public static string Str(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
