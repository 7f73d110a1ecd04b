using System.Globalization;

namespace LoadTests.Infra;

/// <summary>
/// The sample resource service (samples/OrdersApi) as a process of its own, trusting one auth server through
/// AuthServer.Client; its settings are the library's (<c>AuthServer__*</c>).
/// </summary>
public sealed class OrdersApiHost : IDisposable
{
    private OrdersApiHost(string name, int port, ManagedProcess process)
    {
        Name = name;
        Port = port;
        Process = process;
    }

    public string Name { get; }
    public int Port { get; }
    public Uri BaseUrl => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
    public ManagedProcess Process { get; }

    /// <summary>Starts it (on <paramref name="startCpu"/>, then moved to <paramref name="cpus"/>) and waits until /health/live answers.</summary>
    public static async Task<OrdersApiHost> StartAsync(
        string dll, string name, Uri authority, IReadOnlyDictionary<string, string> settings, string workDir, string cpus, string startCpu, CancellationToken ct)
    {
        int port = Ports.Free();
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

        ManagedProcess p = ManagedProcess.Start(name, startCpu, "dotnet", [dll, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"],
            Path.Combine(workDir, "logs", name + ".log"), workDir: workDir, env: env);
        OrdersApiHost host = new(name, port, p);
        using HttpClient http = new() { Timeout = TimeSpan.FromSeconds(2) };
        DateTime end = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < end && !p.HasExited)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                using HttpResponseMessage r = await http.GetAsync(new Uri(host.BaseUrl, "/health/live"), ct);
                if (r.IsSuccessStatusCode)
                {
                    await p.RepinAsync(cpus);
                    return host;
                }
            }
            catch (Exception e) when (e is HttpRequestException || e is TaskCanceledException && !ct.IsCancellationRequested)
            {
                // not listening yet: it reads the strategy from the auth server first
            }

            await Task.Delay(100, ct);
        }

        string tail = p.Tail();
        host.Dispose();
        throw new ServerStartException($"{name} did not start" + (tail.Length > 0 ? $": {tail.Split('\n')[^1].Trim()}" : ""), tail);
    }

    public void Dispose() => Process.Dispose();
}
