using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Npgsql;

namespace AuthServer.SystemTests.Postgres;

/// <summary>How a server on PostgreSQL starts: migrated once under a lock, refused in one clear line when it cannot be.</summary>
public sealed class PostgresStartupTests
{
    private const string Password = "pg-password-that-must-not-leak";

    [Fact]
    public async Task UnreachableDatabase_ExitsWithOneClearLine_WithoutThePassword()
    {
        var settings = Settings($"Host=127.0.0.1;Port={Ports.Free()};Username=authserver;Password={Password};Database=auth");
        settings["Postgres:StartupTimeout"] = "00:00:01";

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.Equal(1, exitCode);
        Assert.Contains("AuthServer cannot start: PostgreSQL at 127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains("cannot be reached after 1 s (Postgres:StartupTimeout)", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Portt=5432")]
    [InlineData("Port=5432;Database=auth")]
    public async Task MalformedConnectionString_RefusesToStart_NamingTheKey(string connectionString)
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(Settings(connectionString + $";Password={Password}"));

        Assert.Equal(1, exitCode);
        Assert.Contains("ConnectionStrings:Postgres is not a valid Npgsql connection string", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UnknownRole_IsRefusedAtOnce_NotWaitedFor()
    {
        var server = PostgresTestServer.Require(PostgresTestServer.ConnectionString!);
        var settings = Settings(new NpgsqlConnectionStringBuilder(server) { Username = "no_such_role", Password = Password }.ConnectionString);

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.Equal(1, exitCode);
        Assert.Contains("refused the connection: 28000", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SchemaNewerThanTheCode_IsRefusedInOneClearLine()
    {
        using var database = PostgresTestServer.Require(new PostgresTestDatabase());
        await using (var first = await ServerProcess.StartAsync(Settings(database.ConnectionString!)))
        {
            Assert.Equal(HttpStatusCode.OK, (await first.CreateClient().GetAsync("/health/ready")).StatusCode);
        }

        await ExecuteAsync(database, """INSERT INTO "__EFMigrationsHistory" VALUES ('29991231000000_FromANewerVersion', '99.0.0')""");
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(Settings(database.ConnectionString!));

        Assert.Equal(1, exitCode);
        Assert.Contains("AuthServer cannot start: the postgres database has migrations this AuthServer does not know (29991231000000_FromANewerVersion)", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ThreeReplicasStartingTogether_OnADatabaseThatDoesNotExistYet_AllComeUp_MigrateOnce_AndBootstrapOneAdmin()
    {
        using var database = PostgresTestServer.Require(new PostgresTestDatabase());
        var settings = Settings(database.ConnectionString!);
        settings["Auth:BootstrapAdmin:Username"] = "first-admin";
        settings["Auth:BootstrapAdmin:Password"] = Password;

        var replicas = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServerProcess.StartAsync(settings)));
        try
        {
            foreach (var replica in replicas)
            {
                Assert.Equal(HttpStatusCode.OK, (await replica.CreateClient().GetAsync("/health/ready")).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await new ApiClient(replica.CreateClient()).LoginAsync("first-admin", Password)).StatusCode);
            }

            Assert.Equal(2L, await ScalarAsync(database, """SELECT count(*) FROM "__EFMigrationsHistory" """));
            Assert.Equal(1L, await ScalarAsync(database, """SELECT count(*) FROM "Users" WHERE "Roles" = 'admin'"""));
            Assert.Equal(1L, await ScalarAsync(database, """SELECT count(*) FROM "ServerSecrets" """));
            // The same successor key everywhere: a token issued by one replica rotates on another.
            var (_, tokens) = await new ApiClient(replicas[0].CreateClient()).SignUpAsync();
            Assert.Equal(HttpStatusCode.OK, (await new ApiClient(replicas[2].CreateClient()).RefreshAsync(tokens.Str("refresh_token"))).StatusCode);
        }
        finally
        {
            await Task.WhenAll(replicas.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    private static Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["Auth:Strategy"] = StrategyNames.JwtRefresh,
        ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
        ["ConnectionStrings:Postgres"] = connectionString,
    };

    private static async Task ExecuteAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
