using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;

namespace AuthServer.Tests.Hardening;

/// <summary>A jwt-refresh server (every endpoint does something) with real credentials to mutate.</summary>
public sealed class HostileInputServer() : AuthServerFactory("jwt-refresh", Settings), IAsyncLifetime
{
    internal static Dictionary<string, string?> Settings
    {
        get
        {
            var settings = Introspection.IntrospectionCaller.Settings();
            settings["RateLimiting:LoginPermitLimit"] = "2";
            settings["Introspection:RequestsPerSecond"] = "100000";
            return settings;
        }
    }

    public IReadOnlyList<string> Credentials { get; private set; } = [];

    public async Task InitializeAsync() => Credentials = await PrepareAsync(new ApiClient(CreateClient()));

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    /// <summary>An admin and a user signed in: their access (and refresh) credentials.</summary>
    internal static async Task<IReadOnlyList<string>> PrepareAsync(ApiClient api)
    {
        var (_, user) = await api.SignUpAsync("hostile");
        var admin = await api.LoginOkAsync(AuthServerFactory.AdminUsername);
        var credentials = new List<string>();
        foreach (var tokens in new[] { user, admin })
        {
            credentials.Add(tokens.Str("access_token"));
            if (tokens.TryGetProperty("refresh_token", out var refresh))
            {
                credentials.Add(refresh.GetString()!);
            }
        }

        return credentials;
    }
}

/// <summary>The same against redis-session: opaque session ids through its own authentication handler.</summary>
public sealed class SessionHostileInputServer() : RedisStrategyServer("redis-session", HostileInputServer.Settings), IAsyncLifetime
{
    public IReadOnlyList<string> Credentials { get; private set; } = [];

    public async Task InitializeAsync() => Credentials = await HostileInputServer.PrepareAsync(new ApiClient(CreateClient()));

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
