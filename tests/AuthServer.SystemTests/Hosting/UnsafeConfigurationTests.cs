using AuthServer.Tests.Infrastructure;

namespace AuthServer.SystemTests.Hosting;

/// <summary>Outside Development the real server refuses guessable keys and broken key lists, naming the setting and never the key.</summary>
public sealed class UnsafeConfigurationTests
{
    public static TheoryData<string> GuessableKeys => new()
    {
        "changeme-changeme-changeme-changeme-changeme",
        "your-256-bit-secret-your-256-bit-secret-1234",
        "my-super-secret-key-for-jwt-tokens-0123456789",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "abababababababababababababababababababababababab",
        "0123456701234567012345670123456701234567",
    };

    public static TheoryData<string, string, string> BrokenKeyLists => new()
    {
        { "Jwt:Keys:0:Key", "short", "Jwt:Keys:0:Key" },
        { "Jwt:Keys:0:File", "/nonexistent/authserver.key", "Jwt:Keys:0:File" },
        { "Jwt:Keys:0:Algorithm", "RS256", "Jwt:Keys:0:Algorithm" },
        { "Jwt:ActiveKeyId", "no-such-kid", "Jwt:ActiveKeyId" },
        { "Jwt:Keys:1:Key", KeyRotationTestsSecret, "Jwt:ActiveKeyId is required" },
        { "Jwt:SigningKey", KeyRotationTestsSecret, "cannot be combined" },
    };

    private static string KeyRotationTestsSecret => AuthServer.Tests.Jwt.KeyRotationTests.NewSecret();

    [Theory]
    [MemberData(nameof(GuessableKeys))]
    public async Task GuessableSigningKey_StopsTheServer_WithoutEchoingIt(string key)
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Jwt:SigningKey"] = key });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Jwt:SigningKey", output, StringComparison.Ordinal);
        Assert.DoesNotContain(key, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuessableKeyInAFile_StopsTheServer_NamingTheFileSetting()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "replace-me-with-a-real-key-replace-me-0000\n");
        try
        {
            var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Jwt:Keys:0:File"] = file });

            Assert.NotEqual(0, exitCode);
            Assert.Contains("Jwt:Keys:0:File", output, StringComparison.Ordinal);
            Assert.DoesNotContain("replace-me-with", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [MemberData(nameof(BrokenKeyLists))]
    public async Task BrokenKeyList_StopsTheServer_NamingTheSetting(string key, string value, string named)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Jwt:Keys:0:Kid"] = "one",
            ["Jwt:Keys:0:Key"] = KeyRotationTestsSecret,
            [key] = value,
        };
        if (key.EndsWith(":File", StringComparison.Ordinal))
        {
            settings.Remove("Jwt:Keys:0:Key");
        }

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoKeysWithOneKid_StopTheServer_NamingTheKid()
    {
        // Otherwise valid, so the check is reached: it lives where every kid is known, given or derived from the key.
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(new Dictionary<string, string?>
        {
            ["Jwt:Keys:0:Kid"] = "one",
            ["Jwt:Keys:0:Key"] = KeyRotationTestsSecret,
            ["Jwt:Keys:1:Kid"] = "one",
            ["Jwt:Keys:1:Key"] = KeyRotationTestsSecret,
            ["Jwt:ActiveKeyId"] = "one",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Jwt:Keys has two keys with Kid 'one'", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailOpen_StartsWithAWarningNamingTheRisk()
    {
        var settings = new Dictionary<string, string?> { ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey, ["Auth:RedisFailureMode"] = "fail-open" };

        await using var server = await ServerProcess.StartAsync(settings);
        for (var i = 0; i < 50 && !server.Output.Contains("fail-open", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100); // the console logger writes on its own thread
        }

        Assert.Contains("Auth:RedisFailureMode=fail-open", server.Output, StringComparison.Ordinal);
        Assert.Contains("revoked or stolen token keeps working", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailClosed_StartsWithoutThatWarning()
    {
        await using var server = await ServerProcess.StartAsync(new Dictionary<string, string?> { ["Jwt:SigningKey"] = AuthServerFactory.TestSigningKey });

        Assert.DoesNotContain("fail-open", server.Output, StringComparison.Ordinal);
    }
}
