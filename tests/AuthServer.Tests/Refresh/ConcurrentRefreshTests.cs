using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Refresh;
using AuthServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace AuthServer.Tests.Refresh;

/// <summary>
/// One refresh token presented 50 times at once. Within a process, the requests in flight together share one rotation
/// (single flight in the user's mailbox); between processes the conditional write in SQLite decides
/// (tests/AuthServer.SystemTests: ConcurrentRefreshAcrossProcessesTests). Exactly one rotation
/// may win: every 200 carries its one successor and comes from one process, everything else is 401, and one successor row
/// is written. With no grace, a presentation after that rotation ended is reuse and revokes the family.
/// </summary>
public sealed class ConcurrentRefreshTests
{
    internal const int Attempts = 50;

    [Fact]
    public async Task FiftyConcurrentRefreshes_InOneProcess_RotateExactlyOnce()
    {
        using var server = new AuthServerFactory("jwt-refresh");
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();
        var token = tokens.Str("refresh_token");

        var results = await RaceAsync([api.Http], token);

        var successor = AssertOneRotation(results);
        Assert.Equal(2, await CountTokensInFamilyAsync(server.DatabasePath, token));
        await AssertFamilyAsync(results, successor, [api.Http]);
    }

    /// <summary>
    /// One rotation won: every 200 carries the same successor and came from one process (the requests that shared its
    /// flight); the rest are 401. Returns the successor.
    /// </summary>
    internal static string AssertOneRotation((HttpStatusCode Status, string? RefreshToken, int Client)[] results)
    {
        var summary = string.Join(", ", results.GroupBy(r => (r.Status, r.Client)).Select(g => $"{(int)g.Key.Status} from {g.Key.Client}: x{g.Count()}"));
        var won = results.Where(r => r.Status == HttpStatusCode.OK).ToList();
        Assert.True(won.Count > 0, summary);
        Assert.True(results.All(r => r.Status is HttpStatusCode.OK or HttpStatusCode.Unauthorized), summary);
        Assert.True(won.Select(r => r.Client).Distinct().Count() == 1, "200s from more than one process: " + summary);
        return Assert.Single(won.Select(r => r.RefreshToken).Distinct())!;
    }

    /// <summary>
    /// Any 401 was a reuse (no grace): the family is revoked and the successor refused by every process. Otherwise (every
    /// request shared the one rotation) the successor rotates once more, on the first process.
    /// </summary>
    internal static async Task AssertFamilyAsync((HttpStatusCode Status, string? RefreshToken, int Client)[] results, string successor, HttpClient[] clients)
    {
        var reused = results.Any(r => r.Status == HttpStatusCode.Unauthorized);
        foreach (var client in clients)
        {
            var status = (await new ApiClient(client).RefreshAsync(successor)).StatusCode;
            Assert.Equal(reused ? HttpStatusCode.Unauthorized : HttpStatusCode.OK, status);
            reused = true; // rotated by the first process, the successor is reuse for the next
        }
    }

    internal static async Task<long> CountTokensInFamilyAsync(string databasePath, string refreshToken)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT COUNT(*) FROM "RefreshTokens" WHERE "FamilyId" = (SELECT "FamilyId" FROM "RefreshTokens" WHERE "Hash" = $hash)""";
        command.Parameters.AddWithValue("$hash", RefreshTokenCodec.Hash(refreshToken));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Presents one refresh token <see cref="Attempts"/> times at once, spread over the clients in turn.</summary>
    internal static async Task<(HttpStatusCode Status, string? RefreshToken, int Client)[]> RaceAsync(HttpClient[] clients, string refreshToken)
    {
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, Attempts).Select(async i =>
        {
            await start.WaitAsync();
            var client = i % clients.Length;
            var response = await clients[client].PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshToken });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, body.TryGetProperty("refresh_token", out var next) ? next.GetString() : null, client);
        }).ToArray();
        start.Release(Attempts);
        return await Task.WhenAll(attempts);
    }
}
