using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using AuthServer.Strategies.Options;
using AuthServer.Strategies.Persistence;
using AuthServer.Strategies.Refresh;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Introspection;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Refresh;

public sealed class UntaggedTokenServer() : AuthServerFactory(StrategyNames.JwtRefresh, IntrospectionCaller.Settings());

public sealed class SqliteUntaggedRefreshTokenTests(UntaggedTokenServer server) : UntaggedRefreshTokenTests(server), IClassFixture<UntaggedTokenServer>;

/// <summary>
/// Refresh tokens issued before they carried their user's tag (43 characters: the random part alone) keep working until
/// they expire. Their mailbox is found by reading the token's row first; everything else is as for a tagged token.
/// </summary>
public abstract class UntaggedRefreshTokenTests
{
    private const string Tagged = "^[A-Za-z0-9_-]{4}\\.[A-Za-z0-9_-]{43}$";

    private readonly AuthServerFactory server;
    private readonly ApiClient api;
    private readonly TwoTabs tabs;

    protected UntaggedRefreshTokenTests(AuthServerFactory server)
    {
        this.server = server;
        api = new ApiClient(server.CreateClient());
        tabs = new TwoTabs(server, api);
    }

    [SkippableFact]
    public async Task AnUntaggedToken_Rotates_IntoATaggedSuccessor_ThatRotatesToo()
    {
        var (_, untagged) = await SeedAsync();

        var response = await api.RefreshAsync(untagged);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var successor = await TwoTabs.RefreshTokenOf(response);
        Assert.Matches(Tagged, successor);
        Assert.Matches(Tagged, await TwoTabs.RefreshTokenOf(await api.RefreshAsync(successor)));
    }

    [SkippableFact]
    public async Task AnUntaggedToken_UsedTwice_RevokesItsFamily()
    {
        var (_, untagged) = await SeedAsync();
        var successor = await TwoTabs.RefreshTokenOf(await api.RefreshAsync(untagged));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(untagged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(successor)).StatusCode);
    }

    [SkippableFact]
    public async Task AnUntaggedToken_IsIntrospected_AndRevoked_ByRfc7009()
    {
        var (userId, untagged) = await SeedAsync();
        var active = await IntrospectionCaller.IntrospectOkAsync(api.Http, untagged);
        Assert.True(active.GetProperty("active").GetBoolean());
        Assert.Equal(userId, active.Str("sub"));

        Assert.Equal(HttpStatusCode.OK, (await api.RevokeAsync(untagged)).StatusCode);

        Assert.False((await IntrospectionCaller.IntrospectOkAsync(api.Http, untagged)).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(untagged)).StatusCode);
    }

    [SkippableFact]
    public async Task TwoTabsAtOnce_WithAnUntaggedToken_GetTheSameSuccessor_FromOneRotation()
    {
        var (userId, untagged) = await SeedAsync();

        var (a, b) = await tabs.RefreshTogetherAsync(userId, untagged, untagged);

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.Equal(await TwoTabs.RefreshTokenOf(a), await TwoTabs.RefreshTokenOf(b));
        Assert.Equal(2, await tabs.TokensInFamilyOfAsync(untagged));
    }

    [SkippableFact]
    public async Task AnUnknownUntaggedToken_IsInvalidGrant_AndUnknownToRevocation()
    {
        var unknown = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(unknown)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.RevokeAsync(unknown)).StatusCode);
    }

    /// <summary>A user of today with a refresh token as the server issued them before tags: 32 random bytes, stored as their SHA-256.</summary>
    private async Task<(string UserId, string Token)> SeedAsync()
    {
        var (_, tokens) = await api.SignUpAsync("untagged");
        var userId = await tabs.UserIdAsync(tokens);
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var day = (long)TimeSpan.FromDays(1).TotalMilliseconds;
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AuthDbContext>();
        var family = new RefreshFamily { Id = Guid.NewGuid().ToString("N"), UserId = userId, CreatedAt = now, ExpiresAt = now + day };
        db.RefreshFamilies.Add(family);
        db.RefreshTokens.Add(new RefreshTokenRecord { Hash = RefreshTokenCodec.Hash(token), FamilyId = family.Id, IssuedAt = now, ExpiresAt = now + day });
        await db.SaveChangesAsync();
        Assert.Equal(RefreshTokenCodec.SecretLength, token.Length);
        return (userId, token);
    }
}
