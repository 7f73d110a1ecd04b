using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Persistence;
using Microsoft.Data.Sqlite;

namespace AuthServer.SystemTests.Persistence;

/// <summary>A SQLite file migrated by a newer AuthServer than this one is refused at start, in one clear line.</summary>
public sealed class SqliteUpgradeStartupTests
{
    [Fact]
    public async Task DatabaseMigratedByANewerVersion_IsRefusedInOneClearLine()
    {
        var directory = Directory.CreateTempSubdirectory("authserver-newer-").FullName;
        var path = Path.Combine(directory, "auth.db");
        await SqliteUpgradeTests.RestoreDumpAsync(path);
        await using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __EFMigrationsHistory VALUES ('29991231000000_FromANewerVersion', '99.0.0')";
            await command.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = "jwt-refresh",
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["ConnectionStrings:Sqlite"] = $"Data Source={path}",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("AuthServer cannot start: the sqlite database has migrations this AuthServer does not know (29991231000000_FromANewerVersion)", output, StringComparison.Ordinal);
    }
}
