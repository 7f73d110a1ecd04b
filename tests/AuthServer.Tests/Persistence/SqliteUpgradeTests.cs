using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Persistence;
using AuthServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Persistence;

/// <summary>
/// A SQLite file made before the migrations moved into a set per provider (Data/sqlite-1f37ba3.sql, dumped from a
/// server built at that commit, before roles lived on the account) keeps working: its history gains the later
/// migrations, its accounts and refresh tokens stay, and its accounts hold no role until one is granted. (A file migrated
/// by a newer version is refused at start: tests/AuthServer.SystemTests, SqliteUpgradeStartupTests.)
/// </summary>
public sealed class SqliteUpgradeTests
{
    private const string Username = "before_upgrade";
    private const string Password = "password from 1f37ba3";
    private const string UsedToken = "dbfSPZxSGdqCOOMyeXOnHzJUx6y_puQm34H2V0bBZPk";
    private const string CurrentToken = "4RnXvKbvW8BzcxTq9TLCnbrHQKLpyVf-Fv-8rFULd-E";

    // Ten minutes after the dump's last rotation: its tokens are still within their lifetime.
    private static readonly DateTimeOffset AfterTheDump = DateTimeOffset.FromUnixTimeMilliseconds(1795968174676).AddMinutes(10);

    [Fact]
    public async Task DatabaseOfTheInitialMigration_KeepsItsAccountsAndRefreshTokens()
    {
        using var server = new AuthServerFactory("jwt-refresh", time: new FakeTimeProvider(AfterTheDump));
        await RestoreDumpAsync(server.DatabasePath);
        var api = new ApiClient(server.CreateClient());

        var login = await api.LoginAsync(Username, Password);
        var refreshed = await api.RefreshAsync(CurrentToken);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var access = (await login.Content.ReadFromJsonAsync<JsonElement>()).Str("access_token");
        Assert.Empty(await api.RolesAsync(access));
        var next = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).Str("refresh_token");
        // The used token of the old family is still known as used: presenting it revokes the family, successor included.
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(UsedToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(next)).StatusCode);
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        Assert.Equal(["20261128132050_Initial", "20261129190045_AccountRoles"], await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task DatabaseOfTheInitialMigration_GainsTheRolesColumn_AndItsAccountsCanBeMadeAdmin()
    {
        using var server = new AuthServerFactory("jwt-refresh", time: new FakeTimeProvider(AfterTheDump));
        await RestoreDumpAsync(server.DatabasePath);
        var api = new ApiClient(server.CreateClient());
        var admin = (await api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");

        var granted = await api.GrantAdminAsync(admin, Username);

        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
        var refreshed = await api.RefreshAsync(CurrentToken);
        var access = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).Str("access_token");
        Assert.Equal(["admin"], await api.RolesAsync(access));
    }

    /// <summary>Writes the dump of the 1f37ba3 database into a new SQLite file at <paramref name="path"/>.</summary>
    internal static async Task RestoreDumpAsync(string path)
    {
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Persistence", "Data", "sqlite-1f37ba3.sql"));
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
    }
}
