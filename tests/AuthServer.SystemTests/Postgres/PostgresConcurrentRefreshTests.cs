using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Refresh;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Refresh;
using Npgsql;

namespace AuthServer.SystemTests.Postgres;

/// <summary>
/// Three server processes on one PostgreSQL: nothing orders their rotations but the database's conditional statement.
/// One refresh token presented 50 times at once, spread over the three, is rotated exactly once: within each process the
/// requests in flight together share one rotation (single flight), and of the three processes' rotations one wins.
/// </summary>
public sealed class PostgresConcurrentRefreshTests
{
    [SkippableFact]
    public async Task FiftyConcurrentRefreshes_AcrossThreeProcesses_RotateExactlyOnce_AndTheReuseKillsTheFamilyOnAll()
    {
        using var database = PostgresTestServer.Require(new PostgresTestDatabase());
        var servers = await StartThreeAsync(database, grace: "00:00:00");
        try
        {
            var clients = servers.Select(s => s.CreateClient()).ToArray();
            var (_, tokens) = await new ApiClient(clients[0]).SignUpAsync();
            var token = tokens.Str("refresh_token");

            var results = await ConcurrentRefreshTests.RaceAsync(clients, token);

            var successor = ConcurrentRefreshTests.AssertOneRotation(results);
            Assert.True(results.Any(r => r.Status == HttpStatusCode.Unauthorized), Describe(results, servers));
            Assert.Equal(2, await CountTokensInFamilyAsync(database, token));
            // The other processes' rotations were reuse and revoked the family: the winner's new token is refused by every instance.
            foreach (var client in clients)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await new ApiClient(client).RefreshAsync(successor)).StatusCode);
            }
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    [SkippableFact]
    public async Task ConcurrentRefreshesWithinGrace_AcrossThreeProcesses_AllGetTheSameSuccessor_WhichStillWorks()
    {
        using var database = PostgresTestServer.Require(new PostgresTestDatabase());
        var servers = await StartThreeAsync(database, grace: "00:00:30");
        try
        {
            var clients = servers.Select(s => s.CreateClient()).ToArray();
            var (_, tokens) = await new ApiClient(clients[0]).SignUpAsync();

            var results = await ConcurrentRefreshTests.RaceAsync(clients, tokens.Str("refresh_token"));

            Assert.True(results.All(r => r.Status == HttpStatusCode.OK), Describe(results, servers));
            var successor = Assert.Single(results.Select(r => r.RefreshToken).Distinct());
            Assert.Equal(HttpStatusCode.OK, (await new ApiClient(clients[2]).RefreshAsync(successor!)).StatusCode);
        }
        finally
        {
            await Task.WhenAll(servers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    private static async Task<long> CountTokensInFamilyAsync(PostgresTestDatabase database, string refreshToken)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """SELECT COUNT(*) FROM "RefreshTokens" WHERE "FamilyId" = (SELECT "FamilyId" FROM "RefreshTokens" WHERE "Hash" = @hash)""", connection);
        command.Parameters.AddWithValue("hash", RefreshTokenCodec.Hash(refreshToken));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static string Describe((HttpStatusCode Status, string? RefreshToken, int Client)[] results, ServerProcess[] servers) =>
        string.Join(", ", results.GroupBy(r => r.Status).Select(g => $"{(int)g.Key} x{g.Count()}")) + "\n" + string.Join("\n---\n", servers.Select(s => s.Output));

    private static async Task<ServerProcess[]> StartThreeAsync(PostgresTestDatabase database, string grace)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = StrategyNames.JwtRefresh,
            ["Auth:RefreshReuseGrace"] = grace,
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            // The subject is the race, not a hang: 50 refreshes open each process's pool at once, and on a busy host
            // PostgreSQL (and the guard's ping) can stay silent for longer than the default 750 ms, which the guard would
            // answer 503 for (measured: 16 of the 50, once in four runs at load 21 on the 2 shared cores).
            ["Postgres:HangTimeout"] = "00:00:05",
        };
        // One first, so the other two find the schema and the successor key in place.
        var first = await ServerProcess.StartAsync(settings);
        var others = await Task.WhenAll(ServerProcess.StartAsync(settings), ServerProcess.StartAsync(settings));
        return [first, .. others];
    }
}
