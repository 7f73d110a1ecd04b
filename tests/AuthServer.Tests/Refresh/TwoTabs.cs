using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using AuthServer.Strategies.Telemetry;
using AuthServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace AuthServer.Tests.Refresh;

/// <summary>Two refreshes surely in flight together on one in-process server, and what they left in its database.</summary>
internal sealed class TwoTabs(AuthServerFactory server, ApiClient api)
{
    /// <summary>
    /// Holds the user's mailbox, sends both refreshes, waits until the second has joined the first's rotation (or, for two
    /// different tokens, until both wait in the mailbox), then lets the mailbox go. A server that never joins them is given
    /// 10 s, then shown what it does instead.
    /// </summary>
    public async Task<(HttpResponseMessage A, HttpResponseMessage B)> RefreshTogetherAsync(string userId, string tokenA, string tokenB, bool expectJoin = true)
    {
        using var joined = new MetricCollector<long>(server.Services.GetRequiredService<IMeterFactory>(), AuthMetrics.MeterName, "authserver.refresh.coalesced");
        Task<HttpResponseMessage> a, b;
        await using (var hold = await MailboxHold.StartAsync(server, userId))
        {
            a = api.RefreshAsync(tokenA);
            await hold.WaitForQueuedAsync(userId, 1);
            b = api.RefreshAsync(tokenB);
            if (expectJoin)
            {
                var deadline = DateTime.UtcNow.AddSeconds(10);
                while (joined.GetMeasurementSnapshot().Count == 0 && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(10);
                }
            }
            else
            {
                await hold.WaitForQueuedAsync(userId, 2);
            }

            Assert.False(a.IsCompleted || b.IsCompleted, "a refresh was answered while its user's mailbox was held");
        }

        return (await a, await b);
    }

    public async Task<string> UserIdAsync(JsonElement tokens) =>
        (await (await api.GetProfileAsync(tokens.Str("access_token"))).Content.ReadFromJsonAsync<JsonElement>()).Str("id");

    public static async Task<string> RefreshTokenOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("refresh_token");

    public async Task<int> TokensInFamilyOfAsync(string refreshToken)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var hash = RefreshTokenCodec.Hash(refreshToken);
        var family = await db.RefreshTokens.Where(t => t.Hash == hash).Select(t => t.FamilyId).SingleAsync();
        return await db.RefreshTokens.CountAsync(t => t.FamilyId == family);
    }
}
