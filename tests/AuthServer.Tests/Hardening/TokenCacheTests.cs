using AuthServer.Strategies.Abstractions;
using AuthServer.Strategies.Jwt;
using AuthServer.Strategies.Options;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AuthServer.Tests.Hardening;

/// <summary>The validated-token cache cannot be filled by an attacker, nor keep a token past its exp.</summary>
public sealed class TokenCacheTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly JwtOptions jwt = new() { SigningKey = Jwt.KeyRotationTests.NewSecret() };
    private readonly SigningKeys keys;
    private readonly CachingAccessTokenHandler handler;

    public TokenCacheTests()
    {
        keys = new SigningKeys(Microsoft.Extensions.Options.Options.Create(jwt), new HostingEnvironment { EnvironmentName = "Production" }, NullLogger<SigningKeys>.Instance);
        handler = new CachingAccessTokenHandler(time) { MapInboundClaims = false };
    }

    [Fact]
    public async Task RefusedTokens_AreNeverCached()
    {
        var valid = Issue();
        for (var i = 0; i < 200; i++)
        {
            var forged = valid[..^(i % 20 + 1)] + new string('A', i % 20 + 1);
            Assert.Null((await handler.ValidateAccessTokenAsync(forged, Parameters())).Valid);
        }

        Assert.Equal(0, handler.Count);
    }

    [Fact]
    public async Task CachedToken_StillExpires()
    {
        var token = Issue();
        Assert.NotNull((await handler.ValidateAccessTokenAsync(token, Parameters())).Valid);
        Assert.Equal(1, handler.Count);

        time.Advance(TimeSpan.FromMinutes(5) + jwt.ClockSkew + TimeSpan.FromSeconds(1));

        Assert.Null((await handler.ValidateAccessTokenAsync(token, Parameters())).Valid);
        Assert.Equal(0, handler.Count);
    }

    private Microsoft.IdentityModel.Tokens.TokenValidationParameters Parameters() => AccessTokenValidation.CreateParameters(keys, jwt, time);

    private string Issue() =>
        new JwtIssuer(keys, Microsoft.Extensions.Options.Options.Create(jwt), time).Issue(new AuthUser("u1", "cached", []), "s1", TimeSpan.FromMinutes(5)).Token;
}
