using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Hardening;

/// <summary>A jwt-refresh server (every endpoint does something) with real credentials to mutate.</summary>
public sealed class HostileInputServer() : AuthServerFactory("jwt-refresh", new Dictionary<string, string?> { ["RateLimiting:LoginPermitLimit"] = "2" }), IAsyncLifetime
{
    public IReadOnlyList<string> Credentials { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var api = new ApiClient(CreateClient());
        (await api.RegisterAsync("admin-user")).EnsureSuccessStatusCode();
        var (_, user) = await api.SignUpAsync("hostile");
        var admin = await api.LoginOkAsync("admin-user");
        Credentials = [user.Str("access_token"), user.Str("refresh_token"), admin.Str("access_token"), admin.Str("refresh_token")];
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
