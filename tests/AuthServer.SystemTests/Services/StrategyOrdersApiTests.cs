using System.Net;
using System.Security.Claims;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace AuthServer.SystemTests.Services;

public sealed class StatelessEs256OrdersApiTests(StatelessEs256Services fixture, ITestOutputHelper output)
    : OrdersApiTests(fixture, output), IClassFixture<StatelessEs256Services>
{
    protected override bool RefusedAtOnce => false;

    /// <summary>The bar: stock JwtBearer, given nothing but the authority and the audience, validates these tokens.</summary>
    [Fact]
    public async Task StockJwtBearer_WithOnlyAuthorityAndAudience_ValidatesTheServersTokens()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAuthentication().AddJwtBearer(o =>
        {
            o.Authority = Fixture.Server.BaseAddress.ToString();
            o.Audience = "authserver-clients";
            o.RequireHttpsMetadata = false; // a loopback test server speaks http
        });
        builder.Services.AddAuthorization();
        await using var app = builder.Build();
        app.MapGet("/who", (ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "?").RequireAuthorization();
        await app.StartAsync();
        var client = new ApiClient(app.GetTestClient());
        var (_, tokens) = await Auth.SignUpAsync("stock");

        var ok = await client.SendAsync(HttpMethod.Get, "/who", tokens.Str("access_token"));
        var forged = await client.SendAsync(HttpMethod.Get, "/who", Forgeries(tokens.Str("access_token")).ElementAt(2));

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [Fact]
    public async Task GivenASharedSecretAnyway_RefusesToStart()
    {
        await using var orders = new OrdersApiFactory(Fixture.Server.BaseAddress, new Dictionary<string, string?> { ["AuthServer:SigningKey"] = AuthServerFactory.TestSigningKey });

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => orders.CreateClient());

        Assert.Contains("ES256", failure.Message, StringComparison.Ordinal);
    }
}

public sealed class StatelessHs256OrdersApiTests(StatelessHs256Services fixture, ITestOutputHelper output)
    : OrdersApiTests(fixture, output), IClassFixture<StatelessHs256Services>
{
    protected override bool RefusedAtOnce => false;

    [Fact]
    public async Task WithoutTheSharedSecret_RefusesToStart_SayingWhy()
    {
        await using var orders = new OrdersApiFactory(Fixture.Server.BaseAddress);

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => orders.CreateClient());

        Assert.Contains("AuthServer:SigningKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthServerFactory.TestSigningKey, failure.Message, StringComparison.Ordinal);
    }
}

public sealed class JwtRefreshOrdersApiTests(RefreshEs256Services fixture, ITestOutputHelper output)
    : OrdersApiTests(fixture, output), IClassFixture<RefreshEs256Services>
{
    protected override bool RefusedAtOnce => false;

    [Fact]
    public async Task RefreshToken_IsNotABearerCredential()
    {
        var (_, tokens) = await Auth.SignUpAsync("refresh");

        var response = await Orders.SendAsync(HttpMethod.Get, "/orders", tokens.Str("refresh_token"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

public sealed class JwtBlacklistOrdersApiTests(BlacklistServices fixture, ITestOutputHelper output)
    : OrdersApiTests(fixture, output), IClassFixture<BlacklistServices>
{
    protected override bool RefusedAtOnce => true;
}

public sealed class RedisSessionOrdersApiTests(SessionServices fixture, ITestOutputHelper output)
    : OrdersApiTests(fixture, output), IClassFixture<SessionServices>
{
    protected override bool RefusedAtOnce => true;

    [Fact]
    public async Task WithoutIntrospectionCredentials_RefusesToStart_SayingWhy()
    {
        await using var orders = new OrdersApiFactory(Fixture.Server.BaseAddress);

        var failure = Assert.ThrowsAny<OptionsValidationException>(() => orders.CreateClient());

        Assert.Contains("AuthServer:ClientId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithAWrongSecret_Answers503_NeverAccepting()
    {
        var settings = OrdersApiFactory.IntrospectionClient();
        settings["AuthServer:ClientSecret"] = "not-the-registered-secret-0000000";
        await using var orders = new OrdersApiFactory(Fixture.Server.BaseAddress, settings);
        var (_, tokens) = await Auth.SignUpAsync("misconfigured");

        var response = await new ApiClient(orders.CreateClient()).SendAsync(HttpMethod.Get, "/orders", tokens.Str("access_token"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task WithACache_ALogoutReachesTheApiWithinTheCacheLifetime()
    {
        var cache = TimeSpan.FromSeconds(2);
        await using var orders = new OrdersApiFactory(Fixture.Server.BaseAddress, OrdersApiFactory.IntrospectionClient(cache));
        var api = new ApiClient(orders.CreateClient());
        var (_, tokens) = await Auth.SignUpAsync("cached");
        var credential = tokens.Str("access_token");
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode);

        (await Auth.LogoutAsync(credential)).EnsureSuccessStatusCode();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode);
        while ((await api.SendAsync(HttpMethod.Get, "/orders", credential)).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(watch.Elapsed < cache + RevocationBound, $"still accepted {watch.Elapsed.TotalSeconds:0.0} s after the logout");
            await Task.Delay(20);
        }

        Assert.InRange(watch.Elapsed, cache - TimeSpan.FromMilliseconds(500), cache + RevocationBound);
    }
}
