using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Hosting;

/// <summary>A bad setting stops the real server at start with a message naming the key.</summary>
public sealed class StartupValidationTests
{
    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Auth:AccessTokenLifetime", "banana", "Auth:AccessTokenLifetime" },
        { "Auth:AccessTokenLifetime", "00:00:01", "Auth:AccessTokenLifetime" },
        { "Auth:RefreshReuseGrace", "01:00:00", "Auth:RefreshReuseGrace" },
        { "Auth:Strategy", "kerberos", "Auth:Strategy" },
        { "Auth:RedisFailureMode", "sometimes", "Auth:RedisFailureMode" },
        { "Jwt:Algorithm", "HS512", "Jwt:Algorithm" },
        { "Jwt:SigningKey", "too-short-key", "Jwt:SigningKey" },
        { "Jwt:ClockSkew", "00:05:00", "Jwt:ClockSkew" },
        { "RateLimiting:LoginPermitLimit", "0", "RateLimiting:LoginPermitLimit" },
        { "Postgres:HangTimeout", "00:05:00", "Postgres:HangTimeout" },
        { "ForwardedHeaders:KnownNetworks:0", "172.28.0.0/99", "ForwardedHeaders:KnownNetworks" },
        { "ForwardedHeaders:KnownProxies:0", "nginx", "ForwardedHeaders:KnownProxies" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task BadSetting_StopsTheServer_NamingTheKey(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?> { ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey, [key] = value };

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_WithoutSigningKey_RefusesToStart()
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?>());

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Jwt:SigningKey", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithoutSigningKey_StartsWithAnEphemeralKeyAndAWarning()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?>(), environment: "Development");

        Assert.Contains("ephemeral key", server.Output, StringComparison.Ordinal);
    }
}
