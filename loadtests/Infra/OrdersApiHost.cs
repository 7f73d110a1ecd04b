using System.Globalization;

namespace LoadTests.Infra;

/// <summary>
/// The sample resource service (samples/OrdersApi) as a process of its own, trusting one auth server through
/// AuthServer.Client; its settings are the library's (<c>AuthServer__*</c>).
/// </summary>
public static class OrdersApiHost
{
    /// <summary>Starts it (on <paramref name="startCpu"/>, then moved to <paramref name="cpus"/>) and waits until /health/live answers.</summary>
    public static async Task<ServerProcess> StartAsync(
        string dll, string name, Uri authority, IReadOnlyDictionary<string, string> settings, string workDir, string cpus, string startCpu, CancellationToken ct)
    {
        string port = Ports.Free().ToString(CultureInfo.InvariantCulture);
        Dictionary<string, string> env = new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["AuthServer__Authority"] = authority.ToString(),
            ["AuthServer__RequireHttpsMetadata"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // As the auth server's processes (AuthServerHost): the image's gen0 cap, and no PGO instrumentation in short rounds.
            ["DOTNET_GCgen0size"] = "0x1000000",
            ["DOTNET_TieredPGO"] = "0",
        };
        foreach ((string k, string v) in settings)
        {
            env[k] = v;
        }

        // It reads the strategy from the auth server before it answers.
        ServerLaunch launch = new(name, "dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], new Uri($"http://127.0.0.1:{port}"))
        {
            Environment = env,
            WorkingDirectory = workDir,
            LogPath = Path.Combine(workDir, "logs", name + ".log"),
            Cpus = cpus,
            StartCpus = startCpu,
            Patience = TimeSpan.FromSeconds(120),
        };
        return await ServerProcess.StartAsync(launch, ct);
    }
}
