using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AuthServer.Tests.Jwt;

/// <summary>
/// The validated-token cache serves many requests from one validation; an <see cref="IClaimsTransformation"/> that
/// adds to the principal it is handed (the framework's own pattern) must still see a fresh principal every time.
/// </summary>
public sealed class ClaimsTransformationTests
{
    [Theory]
    [InlineData(StrategyNames.StatelessJwt)]
    [InlineData(StrategyNames.JwtRefresh)]
    [InlineData(StrategyNames.JwtBlacklist)]
    public async Task ATransformation_AddingAnIdentity_NeverLeaksIntoTheNextRequestWithTheSameToken(string strategy)
    {
        var transformation = new AddsAnIdentity();
        using var server = strategy == StrategyNames.JwtBlacklist ? new RedisStrategyServer(strategy) : new AuthServerFactory(strategy);
        using var withTransformation = server.WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IClaimsTransformation>(transformation)));
        var api = new ApiClient(withTransformation.CreateClient());
        var (_, tokens) = await api.SignUpAsync();
        var token = tokens.Str("access_token");

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetProfileAsync(token)).StatusCode);
        }

        Assert.True(transformation.Seen.Count >= 5, $"the transformation ran {transformation.Seen.Count} times");
        Assert.All(transformation.Seen, identities => Assert.Equal(1, identities));
    }

    private sealed class AddsAnIdentity : IClaimsTransformation
    {
        public ConcurrentQueue<int> Seen { get; } = new();

        public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
        {
            Seen.Enqueue(principal.Identities.Count());
            principal.AddIdentity(new ClaimsIdentity([new Claim("tenant", "t1")]));
            return Task.FromResult(principal);
        }
    }
}
