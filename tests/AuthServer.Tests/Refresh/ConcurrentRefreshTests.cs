using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Refresh;

/// <summary>
/// One refresh token presented 50 times at once: the mailbox orders them within a process, and the
/// conditional write in SQLite decides between processes (tests/AuthServer.SystemTests: ConcurrentRefreshAcrossProcessesTests).
/// Exactly one rotation may win.
/// </summary>
public sealed class ConcurrentRefreshTests
{
    internal const int Attempts = 50;

    [Fact]
    public async Task FiftyConcurrentRefreshes_InOneProcess_GiveExactlyOne200()
    {
        using var server = new AuthServerFactory("jwt-refresh");
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();

        var statuses = await RaceAsync([api.Http], tokens.Str("refresh_token"));

        Assert.Equal(1, statuses.Count(s => s.Status == HttpStatusCode.OK));
        Assert.Equal(Attempts - 1, statuses.Count(s => s.Status == HttpStatusCode.Unauthorized));
    }

    /// <summary>Presents one refresh token <see cref="Attempts"/> times at once, spread over the clients in turn.</summary>
    internal static async Task<(HttpStatusCode Status, string? RefreshToken)[]> RaceAsync(HttpClient[] clients, string refreshToken)
    {
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(0, Attempts).Select(async i =>
        {
            await start.WaitAsync();
            var response = await clients[i % clients.Length].PostAsJsonAsync("/auth/refresh", new { refresh_token = refreshToken });
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, body.TryGetProperty("refresh_token", out var next) ? next.GetString() : null);
        }).ToArray();
        start.Release(Attempts);
        return await Task.WhenAll(attempts);
    }
}
