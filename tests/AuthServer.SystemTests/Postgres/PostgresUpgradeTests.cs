using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Persistence;
using AuthServer.Strategies.Persistence;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AuthServer.SystemTests.Postgres;

/// <summary>
/// A PostgreSQL database of the Initial migration (before roles lived on the account), with an account in it, upgrades
/// in place when a server of this version starts: the account keeps its password, holds no role, and can be granted one.
/// </summary>
public sealed class PostgresUpgradeTests
{
    private const string InitialMigration = "20261129155502_Initial";
    private const string Username = "before_roles";
    private const string Password = "password from before roles";

    [SkippableFact]
    public async Task DatabaseOfTheInitialMigration_GainsTheRolesColumn_ItsAccountsHoldNone_AndCanBeGrantedOne()
    {
        using var database = PostgresTestServer.Require(new PostgresTestDatabase());
        await CreateAtInitialMigrationAsync(database.ConnectionString!);

        using var server = new AuthServerFactory("jwt-refresh", database.Settings);
        var api = new ApiClient(server.CreateClient());

        var before = await api.LoginOkAsync(Username, Password);
        Assert.Empty(await api.RolesAsync(before.Str("access_token")));
        var admin = (await api.LoginOkAsync(AuthServerFactory.AdminUsername)).Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await api.GrantAdminAsync(admin, Username)).StatusCode);
        var rotated = await (await api.RefreshAsync(before.Str("refresh_token"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["admin"], await api.RolesAsync(rotated.Str("access_token")));
        await using var scope = server.Services.CreateAsyncScope();
        var applied = await scope.ServiceProvider.GetRequiredService<AuthDbContext>().Database.GetAppliedMigrationsAsync();
        Assert.Equal([InitialMigration, "20261129190051_AccountRoles"], applied);
    }

    private static async Task CreateAtInitialMigrationAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PostgresAuthDbContext>().UseNpgsql(connectionString).Options;
        await using (var db = new PostgresAuthDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync(InitialMigration);
        }

        // Identity's default V3 hash (fewer iterations than the server's): the server verifies it, then upgrades it.
        var hash = new PasswordHasher<object>().HashPassword(new object(), Password);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """INSERT INTO "Users" ("Id", "Username", "NormalizedUsername", "PasswordHash", "CreatedAt") VALUES (@id, @name, @normalized, @hash, 0)""",
            connection);
        command.Parameters.AddWithValue("id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("name", Username);
        command.Parameters.AddWithValue("normalized", Username.ToUpperInvariant());
        command.Parameters.AddWithValue("hash", hash);
        await command.ExecuteNonQueryAsync();
        NpgsqlConnection.ClearAllPools();
    }

}
