using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using static AuthServer.Tests.Users.BootstrapAdminTests;

namespace AuthServer.SystemTests.Users;

/// <summary>CONTRACT: <c>Auth:Admins</c> is refused at start, naming its replacement; so is a bad bootstrap admin, without echoing its password.</summary>
public sealed class BootstrapAdminStartupTests
{
    [Fact]
    public async Task AuthAdmins_StopsTheServer_NamingBootstrapAdmin()
    {
        var settings = ProcessSettings();
        settings["Auth:Admins:0"] = "alice";

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.Equal(1, exitCode);
        Assert.Contains("Auth:Admins", output, StringComparison.Ordinal);
        Assert.Contains("Auth:BootstrapAdmin:Username", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("root-admin", "short7!", "Auth:BootstrapAdmin:Password")]
    [InlineData("root admin", StrongPassword, "Auth:BootstrapAdmin:Username")]
    [InlineData("root-admin", "", "Auth:BootstrapAdmin:Password")]
    public async Task BadBootstrapAdmin_StopsTheServer_NamingTheKey_WithoutEchoingThePassword(string username, string password, string key)
    {
        var settings = ProcessSettings();
        settings["Auth:BootstrapAdmin:Username"] = username;
        settings["Auth:BootstrapAdmin:Password"] = password;

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.Equal(1, exitCode);
        Assert.Contains(key, output, StringComparison.Ordinal);
        Assert.DoesNotContain(password.Length > 0 ? password : "\u0000", output, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> ProcessSettings() => new()
    {
        ["Auth:Strategy"] = StrategyNames.StatelessJwt,
        ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
        ["ConnectionStrings:Sqlite"] = $"Data Source={SharedDatabase()}",
    };
}
