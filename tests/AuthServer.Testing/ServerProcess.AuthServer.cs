using System.Globalization;

namespace AuthServer.Testing;

/// <summary>The AuthServer built beside the caller (<c>AuthServer.dll</c> in its output), started the way the tests start it.</summary>
public sealed partial class ServerProcess
{
    // Every test process is reached from 127.0.0.1: per-address limits would couple unrelated requests. A test of a limit sets it.
    private static readonly Dictionary<string, string?> RelaxedLimits = new()
    {
        ["RateLimiting:AddressFailureLimit"] = "1000000",
        ["RateLimiting:AccountFailureLimit"] = "1000000",
        ["RateLimiting:RegisterPermitLimit"] = "1000000",
    };

    /// <summary>Starts the AuthServer with <paramref name="settings"/> (as command-line settings) and waits until <c>/health/live</c> answers.</summary>
    public static Task<ServerProcess> StartAsync(IDictionary<string, string?> settings, string environment = "Production")
    {
        var port = Ports.Free();
        return StartWithLogAsync(AuthServerLaunch(Arguments(port, settings), environment, new Uri($"http://127.0.0.1:{port}")));
    }

    /// <summary>
    /// Starts the AuthServer with exactly <paramref name="arguments"/> after the DLL (for modes that choose their own address,
    /// like <c>--compare</c>) and waits until <paramref name="readyPath"/> on <paramref name="baseAddress"/> answers 200.
    /// </summary>
    public static Task<ServerProcess> StartAsync(IEnumerable<string> arguments, Uri baseAddress, string readyPath, string environment, TimeSpan patience) =>
        StartWithLogAsync(AuthServerLaunch(arguments, environment, baseAddress) with { ReadyPath = readyPath, Patience = patience });

    /// <summary>Runs the AuthServer expecting it to stop by itself (a refused configuration); returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(IDictionary<string, string?> settings, string environment = "Production") =>
        RunUntilExitAsync(Arguments(Ports.Free(), settings), environment);

    /// <summary>As above, with exactly <paramref name="arguments"/> after the DLL.</summary>
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(IEnumerable<string> arguments, string environment) =>
        RunUntilExitAsync(AuthServerLaunch(arguments, environment, new Uri("http://127.0.0.1")));

    private static ServerLaunch AuthServerLaunch(IEnumerable<string> arguments, string environment, Uri baseAddress) =>
        new("authserver", "dotnet", [Path.Combine(AppContext.BaseDirectory, "AuthServer.dll"), .. arguments], baseAddress)
        {
            Environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = environment,
                ["Logging__LogLevel__Default"] = "Warning",
                // The container image's one runtime setting (deploy/Dockerfile): what the memory tests hold is the image's.
                ["DOTNET_GCgen0size"] = "0x1000000",
            },
        };

    // A test that fails because its server did not start shows the server's whole output.
    private static async Task<ServerProcess> StartWithLogAsync(ServerLaunch launch)
    {
        try
        {
            return await StartAsync(launch);
        }
        catch (ServerStartException e)
        {
            throw new InvalidOperationException($"{e.Message}\n{e.LogTail}", e);
        }
    }

    private static List<string> Arguments(int port, IDictionary<string, string?> settings) =>
        ["--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
         .. settings.Concat(RelaxedLimits.Where(d => !settings.ContainsKey(d.Key))).Select(s => $"--{s.Key}={s.Value}")];
}
