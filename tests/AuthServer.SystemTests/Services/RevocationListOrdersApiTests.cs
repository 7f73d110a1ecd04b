using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using AuthServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Services;

/// <summary>
/// jwt-blacklist with the orders API given the server's Redis: stock JwtBearer plus the server's own revocation list
/// (AuthServer.Revocation), fed by the same channel. The shared contract (<see cref="OrdersApiTests"/>) holds, and no
/// request is introspected: the auth server logs every introspection (event 2302), and none appears.
/// </summary>
public sealed partial class JwtBlacklistRevocationListOrdersApiTests(BlacklistRevocationListServices fixture, ITestOutputHelper output)
    : OrdersApiTests(fixture, output), IClassFixture<BlacklistRevocationListServices>
{
    protected override bool RefusedAtOnce => true;

    [Fact]
    public async Task Logout_IsRefusedThroughPubSub_WithNoIntrospectionCall()
    {
        var before = Introspections();
        var (_, tokens) = await Auth.SignUpAsync("pubsub");
        var credential = tokens.Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await Orders.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode);

        (await Auth.LogoutAsync(credential)).EnsureSuccessStatusCode();
        var refused = await RefusedWithinAsync(credential);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        // Control: an orders API without Redis introspects, and its one call shows in the log; the revocation list's did not.
        await using var introspecting = new OrdersApiFactory(Fixture.Server.BaseAddress, OrdersApiFactory.IntrospectionClient());
        var (_, other) = await Auth.SignUpAsync("control");
        Assert.Equal(HttpStatusCode.OK, (await new ApiClient(introspecting.CreateClient()).SendAsync(HttpMethod.Get, "/orders", other.Str("access_token"))).StatusCode);
        var watch = Stopwatch.StartNew();
        while (Introspections() == before && watch.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(50);
        }

        Assert.Equal(before + 1, Introspections());
    }

    [Fact]
    public async Task LogoutAll_RefusesEveryEarlierToken_ByGeneration_AndANewLoginWorks()
    {
        var (username, tokens) = await Auth.SignUpAsync("generation");
        var first = tokens.Str("access_token");
        var second = (await Auth.LoginOkAsync(username)).Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await Orders.SendAsync(HttpMethod.Get, "/orders", second)).StatusCode);

        (await Auth.LogoutAllAsync(first)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await RefusedWithinAsync(second)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Orders.SendAsync(HttpMethod.Get, "/orders", first)).StatusCode);
        // Issued under the raised generation: accepted here as on the server.
        var fresh = (await Auth.LoginOkAsync(username)).Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await Orders.SendAsync(HttpMethod.Get, "/orders", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Auth.GetProfileAsync(fresh)).StatusCode);
    }

    [Fact]
    public async Task RevokedBeforeTheApiStarted_IsRefused_FromTheFirstLoad()
    {
        var (username, tokens) = await Auth.SignUpAsync("earlier");
        var logged = tokens.Str("access_token");
        var ofAll = (await Auth.LoginOkAsync(username)).Str("access_token");
        (await Auth.LogoutAsync(logged)).EnsureSuccessStatusCode();
        var (_, others) = await Auth.SignUpAsync("earlier-all");
        (await Auth.LogoutAllAsync(others.Str("access_token"))).EnsureSuccessStatusCode();

        await using var late = new OrdersApiFactory(Fixture.Server.BaseAddress, Fixture.OrdersSettings);
        var api = new ApiClient(late.CreateClient());

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(HttpMethod.Get, "/orders", logged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.SendAsync(HttpMethod.Get, "/orders", others.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/orders", ofAll)).StatusCode);
    }

    private async Task<HttpResponseMessage> RefusedWithinAsync(string credential)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var response = await Orders.SendAsync(HttpMethod.Get, "/orders", credential);
            if (response.StatusCode != HttpStatusCode.OK || watch.Elapsed > RevocationBound)
            {
                return response;
            }

            await Task.Delay(10);
        }
    }

    private int Introspections() => IntrospectionEvent().Count(Fixture.Server.Output);

    [GeneratedRegex(@"\[2302\]")]
    private static partial Regex IntrospectionEvent();
}
