using AuthServer.Tests.Introspection;

namespace AuthServer.SystemTests.Introspection;

/// <summary>Which introspection client settings stop the server at start, and that the refusal echoes no secret.</summary>
public sealed class IntrospectionStartupTests
{
    [Theory]
    [InlineData("Introspection:Clients:0:Secret", "too-short", "Introspection:Clients:0:Secret")]
    [InlineData("Introspection:Clients:0:Secret", "base64+like/secret=0123456789abcdefghij", "Introspection:Clients:0:Secret")]
    [InlineData("Introspection:Clients:0:Secret", "changeme-changeme-changeme-changeme", "Introspection:Clients:0:Secret")]
    [InlineData("Introspection:Clients:0:Id", "has space", "Introspection:Clients:0:Id")]
    [InlineData("Introspection:Clients:1:Id", IntrospectionCaller.ClientId, "twice")]
    [InlineData("Introspection:RequestsPerSecond", "0", "Introspection:RequestsPerSecond")]
    public async Task UnsafeClientSetting_StopsTheServer_NamingIt_WithoutEchoingASecret(string key, string value, string expected)
    {
        var settings = IntrospectionCaller.Settings();
        settings["Jwt:SigningKey"] = "k7Qp2Xw9Lm4Rt8Vz1Bn6Hc3Jd5Fg0Sa2";
        settings[key] = value;
        if (key == "Introspection:Clients:1:Id")
        {
            settings["Introspection:Clients:1:Secret"] = "9c4e1a7f3b0d5e2c8a6f4d1b7e3c0a95";
        }

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain(IntrospectionCaller.ClientSecret, output, StringComparison.Ordinal);
        if (key.EndsWith(":Secret", StringComparison.Ordinal))
        {
            Assert.DoesNotContain(value, output, StringComparison.Ordinal);
        }
    }
}
