using System.Net;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Introspection;
using AuthServer.Tests.Jwt;
using AuthServer.Tests.Redis;

namespace AuthServer.Tests.Hardening;

/// <summary>
/// A full scripted session with every security event in it, logged at every level, then scanned: no password,
/// access token, refresh token, nor any part of one (JWT signature, signing input, token halves) may appear.
/// </summary>
public sealed class CredentialsInLogsTests
{
    private const string WrongPassword = "wrong-password-Zq8!kL";
    private const string AdminPassword = "admin-password-Hx3@vN";
    private const string WrongClientSecret = "wrong-client-secret-Vb7Kq2Lm9Zx4";

    [Theory]
    [InlineData("stateless-jwt")]
    [InlineData("jwt-refresh")]
    [InlineData("jwt-blacklist")]
    [InlineData("redis-session")]
    public async Task FullSession_LogsEverySecurityEvent_AndNoCredential(string strategy)
    {
        var settings = IntrospectionCaller.Settings();
        settings["RateLimiting:LoginPermitLimit"] = "3";
        settings["Auth:BootstrapAdmin:Password"] = AdminPassword;
        using var server = strategy is "jwt-blacklist" or "redis-session"
            ? new RedisStrategyServer(strategy, settings) { Logs = new() }
            : new AuthServerFactory(strategy, settings) { Logs = new() };
        var api = new ApiClient(server.CreateClient());
        var secrets = new List<string> { ApiClient.Password, WrongPassword, AdminPassword, AuthServerFactory.TestSigningKey, IntrospectionCaller.ClientSecret, WrongClientSecret };
        var refreshes = strategy == "jwt-refresh";

        var username = ApiClient.NewUsername("logged");
        (await api.RegisterAsync(username)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync(username, WrongPassword)).StatusCode);
        var first = Collect(secrets, await api.LoginOkAsync(username));
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(first.Access)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetProfileAsync(Tamper(first.Access))).StatusCode);

        if (refreshes)
        {
            var rotated = await api.RefreshAsync(first.Refresh!);
            Collect(secrets, JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement);
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(first.Refresh!)).StatusCode); // reuse: family revoked
        }

        // A resource service introspects (access and refresh token); a wrong secret, and a secret pasted as the id.
        Assert.True((await IntrospectionCaller.IntrospectOkAsync(api.Http, first.Access)).GetProperty("active").ValueKind is JsonValueKind.True or JsonValueKind.False);
        await IntrospectionCaller.IntrospectOkAsync(api.Http, first.Refresh ?? Tamper(first.Access));
        Assert.Equal(HttpStatusCode.Unauthorized, (await IntrospectionCaller.PostAsync(api.Http, first.Access, secret: WrongClientSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await IntrospectionCaller.PostAsync(api.Http, first.Access, id: WrongClientSecret, secret: IntrospectionCaller.ClientSecret)).StatusCode);

        var second = Collect(secrets, await api.LoginOkAsync(username));
        await api.RevokeAsync(second.Refresh ?? second.Access);
        var admin = Collect(secrets, await api.LoginOkAsync(AuthServerFactory.AdminUsername, AdminPassword));
        Assert.Equal(HttpStatusCode.OK, (await api.AdminRevokeAsync(admin.Access, username)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GrantAdminAsync(admin.Access, username)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.RemoveAdminAsync(admin.Access, username)).StatusCode);
        await api.LogoutAsync(second.Access);
        await api.LogoutAllAsync(admin.Access);
        for (var i = 0; i < 4; i++)
        {
            await api.LoginAsync("nobody-here", WrongPassword); // the fourth is rate limited
        }

        var logs = server.Logs!.Entries.ToList();
        int[] expected = refreshes ? [2003, 2004, 2005, 2006, 2009, 2010, 1010, 1201, 2201, 2202, 2301, 2302] : [2003, 2004, 2005, 2006, 2009, 2010, 1010, 2201, 2202, 2301, 2302];
        Assert.All(expected, id => Assert.Contains(logs, l => l.EventId == id));
        foreach (var secret in secrets.Where(s => s.Length >= 8).Distinct())
        {
            var leak = logs.FirstOrDefault(l => l.AllText.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"A credential fragment reached the log: [{leak?.Category} {leak?.EventId}] {leak?.Message}");
        }
    }

    // The token and its parts: the signature, the signing input, the payload, and each half of an opaque token.
    private static (string Access, string? Refresh) Collect(List<string> secrets, JsonElement tokens)
    {
        var access = tokens.Str("access_token");
        var refresh = tokens.TryGetProperty("refresh_token", out var r) ? r.GetString() : null;
        var parts = access.Split('.');
        secrets.AddRange(parts.Length == 3
            ? [access, parts[1], parts[2], parts[0] + "." + parts[1]]
            : [access, access[..(access.Length / 2)], access[(access.Length / 2)..]]);
        if (refresh is not null)
        {
            secrets.AddRange([refresh, refresh[..(refresh.Length / 2)], refresh[(refresh.Length / 2)..]]);
        }

        return (access, refresh);
    }

    private static string Tamper(string jwt)
    {
        if (!TokenForge.IsJwt(jwt))
        {
            return jwt[..^1] + (jwt[^1] == 'A' ? 'B' : 'A'); // an opaque session id, one character off
        }

        var (header, payload) = TokenForge.Split(jwt);
        return TokenForge.Encode(header) + "." + TokenForge.Encode(payload.With("name", "mallory")) + "." + jwt.Split('.')[2];
    }
}
