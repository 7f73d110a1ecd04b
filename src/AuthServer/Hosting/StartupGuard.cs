using AuthServer.Strategies.Persistence;
using Microsoft.Extensions.Options;

namespace AuthServer.Hosting;

/// <summary>
/// Turns a bad setting, or a database that cannot be used, into one clear line (naming the key, never a password) and
/// exit code 1, instead of a stack trace.
/// </summary>
internal static class StartupGuard
{
    public static int Run(Action run)
    {
        try
        {
            run();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine($"AuthServer cannot start, invalid configuration: {string.Join(" ", ex.Failures)}");
            return 1;
        }
        catch (DatabaseStartupException ex)
        {
            Console.Error.WriteLine($"AuthServer cannot start: {ex.Message}");
            return 1;
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            Console.Error.WriteLine($"AuthServer cannot start, invalid configuration: {ex.Message}");
            return 1;
        }
    }
}
