using AuthServer.Strategies.Options;
using AuthServer.Tests.Infrastructure;
using AuthServer.Tests.Redis;

namespace AuthServer.SystemTests.Redis;

/// <summary>How a Redis strategy starts: refused without Redis outside Development, an embedded server in it.</summary>
public sealed class RedisStartupTests
{
    [Theory]
    [InlineData(StrategyNames.JwtBlacklist)]
    [InlineData(StrategyNames.RedisSession)]
    public async Task Production_WithoutRedis_RefusesToStart_NamingTheKey(string strategy)
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = strategy,
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ConnectionStrings:Redis", output, StringComparison.Ordinal);
        Assert.Contains(strategy, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedRedisConnectionString_RefusesToStart_NamingTheKey()
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = StrategyNames.RedisSession,
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["ConnectionStrings:Redis"] = "127.0.0.1:6379,notAnOption=1",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("ConnectionStrings:Redis", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Redis:KeyPrefix", "has space")]
    [InlineData("Redis:OperationTimeout", "00:01:00")]
    public async Task BadRedisSetting_RefusesToStart_NamingTheKey(string key, string value)
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Auth:Strategy"] = StrategyNames.JwtBlacklist,
            ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey,
            ["ConnectionStrings:Redis"] = RedisTestServer.ConnectionString,
            [key] = value,
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Development_WithoutRedis_StartsAnEmbeddedServerWithAWarning()
    {
        var settings = new Dictionary<string, string?> { ["Auth:Strategy"] = StrategyNames.RedisSession };
        await using var server = await ServerProcess.StartAsync(settings, environment: "Development");
        var api = new ApiClient(server.CreateClient());

        var username = ApiClient.NewUsername();
        (await api.RegisterAsync(username)).EnsureSuccessStatusCode();
        var login = await api.LoginAsync(username);

        Assert.True(login.IsSuccessStatusCode, $"{login.StatusCode}: {await login.Content.ReadAsStringAsync()}\n{server.Output}");
        Assert.Contains("embedded development Redis", server.Output, StringComparison.Ordinal);
    }
}
