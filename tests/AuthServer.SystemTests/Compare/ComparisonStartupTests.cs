using AuthServer.Compare;

namespace AuthServer.SystemTests.Compare;

/// <summary>The comparison is a teaching tool: it refuses to start anywhere but Development, and names a bad setting.</summary>
[Trait("Category", "Comparison")]
public sealed class ComparisonStartupTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Compare_OutsideDevelopment_RefusesToStart(string environment)
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync([Comparison.Switch, "--Compare:Port=0"], environment);

        Assert.Equal(1, exitCode);
        Assert.Contains($"cannot start the comparison in environment {environment}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("The comparison is ready", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    [InlineData("http")]
    public async Task Compare_WithABadPort_RefusesToStart_NamingTheKey(string port)
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync([Comparison.Switch, $"--Compare:Port={port}"], "Development");

        Assert.Equal(1, exitCode);
        Assert.Contains("Compare:Port", output, StringComparison.Ordinal);
    }
}
