namespace AuthServer.SystemTests.Infrastructure;

/// <summary>
/// What a missing Debian program (<see cref="SystemPrograms"/>) means to a test: it is skipped with the package to install,
/// so <c>dotnet test</c> passes on a machine with only the .NET SDK; under <c>AUTHSERVER_TESTS_STRICT=1</c> (set by
/// <c>.ci/run</c>, which installs them all) it fails instead.
/// </summary>
public static class Installed
{
    public const string StrictVariable = "AUTHSERVER_TESTS_STRICT";

    public static bool Strict => Environment.GetEnvironmentVariable(StrictVariable) == "1";

    /// <summary>Skips the running <c>[SkippableFact]</c> (or fails it, when strict) unless every program is installed.</summary>
    public static void Require(params SystemProgram[] programs)
    {
        if (SystemPrograms.Missing(programs) is not { } reason)
        {
            return;
        }

        if (Strict)
        {
            throw new InvalidOperationException($"{StrictVariable}=1 and this test {reason}");
        }

        Skip.If(true, reason);
    }
}
