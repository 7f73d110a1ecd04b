using System.Net;
using AuthServer.Tests.Contract;
using AuthServer.Tests.Infrastructure;

namespace AuthServer.Tests.Refresh;

public sealed class SqliteSingleFlightRefreshTests(JwtRefreshServer server) : SingleFlightRefreshTests(server), IClassFixture<JwtRefreshServer>;

/// <summary>
/// Two tabs presenting one refresh token to one instance at once, with no grace (<c>Auth:RefreshReuseGrace</c> 0, the
/// default): the second joins the rotation the first started and both get its successor; one rotation, one row written.
/// </summary>
public abstract class SingleFlightRefreshTests
{
    private readonly ApiClient api;
    private readonly TwoTabs tabs;

    protected SingleFlightRefreshTests(AuthServerFactory server)
    {
        api = new ApiClient(server.CreateClient());
        tabs = new TwoTabs(server, api);
    }

    [SkippableFact]
    public async Task TwoTabsAtOnce_WithoutGrace_GetTheSameSuccessor_FromOneRotation()
    {
        var (_, tokens) = await api.SignUpAsync("tabs");
        var first = tokens.Str("refresh_token");

        var (a, b) = await tabs.RefreshTogetherAsync(await tabs.UserIdAsync(tokens), first, first);

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        var successor = await TwoTabs.RefreshTokenOf(a);
        Assert.Equal(successor, await TwoTabs.RefreshTokenOf(b));
        Assert.Equal(2, await tabs.TokensInFamilyOfAsync(first));
        // The family lives on: the shared successor rotates as any other.
        Assert.Equal(HttpStatusCode.OK, (await api.RefreshAsync(successor)).StatusCode);
    }

    [SkippableFact]
    public async Task ATokenPresentedAfterItsRotationEnded_IsStillAReplay_NothingIsCached()
    {
        var (_, tokens) = await api.SignUpAsync("tabs");
        var first = tokens.Str("refresh_token");
        var successor = await TwoTabs.RefreshTokenOf(await api.RefreshAsync(first));

        var replay = await api.RefreshAsync(first);

        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.RefreshAsync(successor)).StatusCode);
    }

    [SkippableFact]
    public async Task TwoDifferentTokensOfOneUserAtOnce_AreNotJoined_EachRotatesInTurn()
    {
        var (username, tokens) = await api.SignUpAsync("tabs");
        var other = (await api.LoginOkAsync(username)).Str("refresh_token");
        var first = tokens.Str("refresh_token");

        var (a, b) = await tabs.RefreshTogetherAsync(await tabs.UserIdAsync(tokens), first, other, expectJoin: false);

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
        Assert.NotEqual(await TwoTabs.RefreshTokenOf(a), await TwoTabs.RefreshTokenOf(b));
    }
}
