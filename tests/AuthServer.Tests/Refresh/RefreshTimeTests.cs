using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using AuthServer.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Refresh;

/// <summary>Rotation rules that depend on time, with the clock moved by <see cref="FakeTimeProvider"/> instead of sleeping.</summary>
public sealed class RefreshTimeTests : IDisposable
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly AuthServerFactory server;
    private readonly ApiClient api;

    public RefreshTimeTests()
    {
        server = new AuthServerFactory("jwt-refresh", new Dictionary<string, string?>
        {
            ["Auth:RefreshReuseGrace"] = "00:00:10",
            ["Auth:RefreshTokenLifetime"] = "01:00:00",
            ["Auth:RefreshFamilyLifetime"] = "03:00:00",
        }, time);
        api = new ApiClient(server.CreateClient());
    }

    [Fact]
    public async Task ReplayWithinGrace_GetsTheSameSuccessor_AndNoSecondBranch()
    {
        var (_, tokens) = await api.SignUpAsync();
        var first = tokens.Str("refresh_token");
        var successor = await RefreshOkAsync(first);

        time.Advance(TimeSpan.FromSeconds(9));
        var again = await RefreshOkAsync(first);

        Assert.Equal(successor, again);
        Assert.Equal(2, await CountTokensInFamilyOfAsync(first));
        Assert.NotEqual(successor, await RefreshOkAsync(successor));
    }

    [Fact]
    public async Task ReplayAfterGrace_RevokesTheFamily()
    {
        var (_, tokens) = await api.SignUpAsync();
        var first = tokens.Str("refresh_token");
        var successor = await RefreshOkAsync(first);

        time.Advance(TimeSpan.FromSeconds(11));

        await AssertInvalidGrantAsync(first);
        await AssertInvalidGrantAsync(successor);
    }

    [Fact]
    public async Task ReplayOfAnOlderToken_WithinGrace_StillRevokesTheFamily()
    {
        var (_, tokens) = await api.SignUpAsync();
        var first = tokens.Str("refresh_token");
        var second = await RefreshOkAsync(first);
        var third = await RefreshOkAsync(second);

        // `first` was rotated moments ago, but it is not the immediately previous token any more.
        await AssertInvalidGrantAsync(first);
        await AssertInvalidGrantAsync(third);
    }

    [Fact]
    public async Task ExpiredRefreshToken_IsInvalidGrant()
    {
        var (_, tokens) = await api.SignUpAsync();

        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        await AssertInvalidGrantAsync(tokens.Str("refresh_token"));
    }

    [Fact]
    public async Task Family_HasAnAbsoluteLifetime_HoweverOftenItRotates()
    {
        var (_, tokens) = await api.SignUpAsync();
        var token = tokens.Str("refresh_token");
        JsonElement body = default;
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(50));
            var response = await api.RefreshAsync(token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            body = await response.Content.ReadFromJsonAsync<JsonElement>();
            token = body.Str("refresh_token");
        }

        // Issued at 150 minutes: a fresh token would live 60, but the 3-hour family ends in 30.
        Assert.InRange(body.GetProperty("refresh_expires_in").GetInt64(), (29 * 60) + 50, 30 * 60);
        time.Advance(TimeSpan.FromMinutes(31));
        await AssertInvalidGrantAsync(token);
    }

    [Fact]
    public async Task AccessToken_ExpiresOnTheMovedClock()
    {
        var (_, tokens) = await api.SignUpAsync();
        var access = tokens.Str("access_token");

        time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(25));
        Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(access)).StatusCode);

        time.Advance(TimeSpan.FromSeconds(10));
        var expired = await api.GetProfileAsync(access);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("expired", expired.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purge_RemovesExpiredRowsInTheBackground()
    {
        var (_, tokens) = await api.SignUpAsync();
        Assert.Equal(1, await CountTokensInFamilyOfAsync(tokens.Str("refresh_token")));

        time.Advance(TimeSpan.FromHours(3) + TimeSpan.FromMinutes(11));

        await WaitUntilAsync(async () => await CountRowsAsync() == 0);
    }

    public void Dispose() => server.Dispose();

    private async Task<string> RefreshOkAsync(string refreshToken)
    {
        var response = await api.RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("refresh_token");
    }

    private async Task AssertInvalidGrantAsync(string refreshToken)
    {
        var response = await api.RefreshAsync(refreshToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_grant", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("error"));
    }

    private async Task<int> CountTokensInFamilyOfAsync(string refreshToken)
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var hash = AuthServer.Strategies.Refresh.RefreshTokenCodec.Hash(refreshToken);
        var family = await db.RefreshTokens.Where(t => t.Hash == hash).Select(t => t.FamilyId).SingleAsync();
        return await db.RefreshTokens.CountAsync(t => t.FamilyId == family);
    }

    private async Task<int> CountRowsAsync()
    {
        using var scope = server.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        return await db.RefreshTokens.CountAsync() + await db.RefreshFamilies.CountAsync();
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(50);
        }
    }
}
