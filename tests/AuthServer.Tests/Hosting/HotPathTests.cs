using System.Net;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Hosting;

/// <summary>The shortcuts taken on <c>GET /profile</c> keep the framework's answers.</summary>
public sealed class HotPathTests
{
    [Fact]
    public async Task Profile_IsWrittenWithAContentLength_NotChunked()
    {
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt);
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();

        using var response = await api.GetProfileAsync(tokens.Str("access_token"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AuthorizationShortcut_StepsAside_WhenTheAppAddsItsOwnAuthorizationHandler()
    {
        using var plain = new AuthServerFactory(StrategyNames.StatelessJwt);
        using var server = plain.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IAuthorizationHandler, RefuseEveryone>()));
        var api = new ApiClient(server.CreateClient());
        var (_, tokens) = await api.SignUpAsync();

        using var response = await api.GetProfileAsync(tokens.Str("access_token"));

        // The extra handler fails the default policy: the standard evaluation ran, and a signed-in caller is forbidden.
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task CachedTokens_OfTwoUsers_KeepTheirOwnProfiles()
    {
        using var server = new AuthServerFactory(StrategyNames.StatelessJwt);
        var api = new ApiClient(server.CreateClient());
        var (first, firstTokens) = await api.SignUpAsync("first");
        var (second, secondTokens) = await api.SignUpAsync("second");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(first, (await ProfileAsync(api, firstTokens.Str("access_token"))).Str("username"));
            Assert.Equal(second, (await ProfileAsync(api, secondTokens.Str("access_token"))).Str("username"));
        }
    }

    private static async Task<System.Text.Json.JsonElement> ProfileAsync(ApiClient api, string token)
    {
        using var response = await api.GetProfileAsync(token);
        response.EnsureSuccessStatusCode();
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private sealed class RefuseEveryone : AuthorizationHandler<DenyAnonymousAuthorizationRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DenyAnonymousAuthorizationRequirement requirement)
        {
            context.Fail();
            return Task.CompletedTask;
        }
    }
}
