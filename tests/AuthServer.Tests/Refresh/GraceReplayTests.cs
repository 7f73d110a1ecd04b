using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Refresh;

/// <summary>
/// A replay of the refresh token just rotated, within <c>Auth:RefreshReuseGrace</c>, gets the same successor (two tabs).
/// It is decided on the family as it stands when the user's mailbox serves it, not as it stood when the request was
/// first read. (That it is logged and counted: tests/AuthServer.SystemTests, GraceReplayLogTests.)
/// </summary>
public sealed class GraceReplayTests : IDisposable
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly AuthServerFactory server;
    private readonly ApiClient api;

    public GraceReplayTests()
    {
        server = new AuthServerFactory("jwt-refresh", new Dictionary<string, string?> { ["Auth:RefreshReuseGrace"] = "00:00:10" }, time);
        api = new ApiClient(server.CreateClient());
    }

    [Fact]
    public async Task ReplayQueuedBehindALogoutAll_IsRefused_ThoughTheFamilyWasAliveWhenItArrived()
    {
        var (_, tokens) = await api.SignUpAsync("grace");
        var first = tokens.Str("refresh_token");
        (await api.RefreshAsync(first)).EnsureSuccessStatusCode();

        // Hold SQLite's write lock: the logout-all waits for it inside the user's mailbox, and the replay, which reads
        // the family (alive) on its way in, queues behind it.
        await using var blocker = new SqliteConnection($"Data Source={server.DatabasePath}");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var logoutAll = api.LogoutAllAsync(tokens.Str("access_token"));
        await Task.Delay(500);
        Assert.False(logoutAll.IsCompleted, "the logout-all should be waiting for the write lock");
        var replay = api.RefreshAsync(first);
        await Task.Delay(500);
        await using (var rollback = blocker.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await logoutAll).StatusCode);
        var answer = await replay;
        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("invalid_grant", (await answer.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }

    public void Dispose() => server.Dispose();
}
