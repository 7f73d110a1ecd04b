using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Users;

/// <summary>
/// CONTRACT: <c>Auth:BootstrapAdmin</c> creates the first admin when no account has that name, and does nothing when one
/// does. A username never confers anything. (The settings refused at start: tests/AuthServer.SystemTests, BootstrapAdminStartupTests.)
/// </summary>
public sealed class BootstrapAdminTests
{
    internal const string StrongPassword = "a long bootstrap passphrase";

    [Fact]
    public async Task ANameRegisteredBeforeItWasMadeTheBootstrapAdmin_NeverBecomesAdmin()
    {
        var database = SharedDatabase();
        using (var before = Server(database, bootstrap: null))
        {
            var early = new ApiClient(before.CreateClient());
            Assert.Equal(HttpStatusCode.Created, (await early.RegisterAsync("future-admin", "the squatter's password")).StatusCode);
        }

        using var after = Server(database, bootstrap: ("future-admin", StrongPassword));
        var api = new ApiClient(after.CreateClient());

        var squatter = (await api.LoginOkAsync("future-admin", "the squatter's password")).Str("access_token");
        Assert.Empty(await api.RolesAsync(squatter));
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.LoginAsync("future-admin", StrongPassword)).StatusCode);
    }

    [Fact]
    public async Task BootstrapAdmin_IsCreatedOnce_AndNeverTouchedAgainByTheSetting()
    {
        var database = SharedDatabase();
        using (var first = Server(database, bootstrap: ("root-admin", StrongPassword)))
        {
            var api = new ApiClient(first.CreateClient());
            var admin = (await api.LoginOkAsync("root-admin", StrongPassword)).Str("access_token");
            Assert.Equal(["admin"], await api.RolesAsync(admin));

            // The admin gives the role away and then gives it up: the setting must not bring it back.
            var (deputy, _) = await api.SignUpAsync("deputy");
            (await api.GrantAdminAsync(admin, deputy)).EnsureSuccessStatusCode();
            (await api.RemoveAdminAsync(admin, "root-admin")).EnsureSuccessStatusCode();
        }

        using var restarted = Server(database, bootstrap: ("root-admin", "a different passphrase"));
        var again = new ApiClient(restarted.CreateClient());
        var token = (await again.LoginOkAsync("root-admin", StrongPassword)).Str("access_token");
        Assert.Empty(await again.RolesAsync(token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await again.LoginAsync("root-admin", "a different passphrase")).StatusCode);
    }

    internal static string SharedDatabase() => Path.Combine(Directory.CreateTempSubdirectory("authserver-bootstrap-").FullName, "auth.db");

    private static AuthServerFactory Server(string database, (string Username, string Password)? bootstrap) =>
        new(StrategyNames.StatelessJwt, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={database}",
            ["Auth:BootstrapAdmin:Username"] = bootstrap?.Username ?? string.Empty,
            ["Auth:BootstrapAdmin:Password"] = bootstrap?.Password ?? string.Empty,
        });
}
