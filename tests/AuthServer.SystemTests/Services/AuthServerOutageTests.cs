using System.Net;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Jwt;

namespace AuthServer.SystemTests.Services;

/// <summary>
/// The auth-server process is killed under a running orders API: what keeps working is what the strategy's validation
/// needs from it. Local JWT validation needs nothing (keys loaded at start); introspection needs it on every request,
/// except for what its cache still holds. Nothing hangs and nothing is a 500.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class AuthServerOutageTests
{
    [Theory]
    [InlineData("stateless-jwt", "ES256")]
    [InlineData("stateless-jwt", "HS256")]
    [InlineData("jwt-refresh", "ES256")]
    public async Task JwtStrategies_AuthServerDown_ValidTokensStillWork_ForgedStillRefused(string strategy, string algorithm)
    {
        await using var fixture = await StartAsync(strategy, algorithm);
        var (_, tokens) = await fixture.Auth.SignUpAsync("outage");
        var credential = tokens.Str("access_token");
        var (header, payload) = TokenForge.Split(credential);
        var forged = TokenForge.Encode(header) + "." + TokenForge.Encode(payload.With("name", "mallory")) + "." + credential.Split('.')[2];

        await fixture.Server.DisposeAsync();

        Assert.Equal(HttpStatusCode.OK, (await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", forged)).StatusCode);
    }

    [Theory]
    [InlineData("redis-session")]
    [InlineData("jwt-blacklist")]
    public async Task Introspection_AuthServerDown_Answers503WithRetryAfter_Fast(string strategy)
    {
        await using var fixture = await StartAsync(strategy, "ES256");
        var (_, tokens) = await fixture.Auth.SignUpAsync("outage");
        var credential = tokens.Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode);

        await fixture.Server.DisposeAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", credential);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // A refused connection fails at once; a hung server would take IntrospectionTimeout (2 s).
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2.5), $"took {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task IntrospectionWithACache_AuthServerDown_CachedCredentialWorksUntilItsEntryExpires_OthersGet503()
    {
        var cache = TimeSpan.FromSeconds(3);
        await using var fixture = await StartAsync("redis-session", "HS256", cache);
        var (_, seen) = await fixture.Auth.SignUpAsync("seen");
        var (_, unseen) = await fixture.Auth.SignUpAsync("unseen");
        Assert.Equal(HttpStatusCode.OK, (await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", seen.Str("access_token"))).StatusCode);
        var cachedAt = System.Diagnostics.Stopwatch.StartNew();

        await fixture.Server.DisposeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", unseen.Str("access_token"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", seen.Str("access_token"))).StatusCode);
        Assert.True(cachedAt.Elapsed < cache, "the machine was too slow for this test to mean anything");
        await Task.Delay(cache - cachedAt.Elapsed + TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await fixture.Orders.SendAsync(HttpMethod.Get, "/orders", seen.Str("access_token"))).StatusCode);
    }

    [Fact]
    public async Task AuthServerUnreachableAtStart_TheServiceRefusesToStart_NamingIt()
    {
        var nobody = new Uri($"http://127.0.0.1:{Ports.Free()}");
        await using var orders = new OrdersApiFactory(nobody, new Dictionary<string, string?> { ["AuthServer:StartupTimeout"] = "00:00:02" });

        var failure = Assert.ThrowsAny<InvalidOperationException>(() => orders.CreateClient());

        Assert.Contains(nobody.Authority, failure.Message, StringComparison.Ordinal);
        Assert.Contains("does not start", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<OutageFixture> StartAsync(string strategy, string algorithm, TimeSpan? cache = null)
    {
        var server = await AuthServerProcess.StartAsync(AuthServerProcess.Settings(strategy, algorithm));
        var settings = strategy is "jwt-blacklist" or "redis-session"
            ? OrdersApiFactory.IntrospectionClient(cache)
            : algorithm == "HS256" ? new Dictionary<string, string?> { ["AuthServer:SigningKey"] = AuthServerFactory.TestSigningKey } : [];
        var orders = new OrdersApiFactory(server.BaseAddress, settings);
        return new OutageFixture(server, orders, new ApiClient(server.CreateClient()), new ApiClient(orders.CreateClient()));
    }

    private sealed record OutageFixture(ServerProcess Server, OrdersApiFactory Factory, ApiClient Auth, ApiClient Orders) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
