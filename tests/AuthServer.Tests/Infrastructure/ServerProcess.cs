using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AuthServer.Tests.Infrastructure;

/// <summary>A real AuthServer process on a loopback port: for tests across several instances and of start-up itself.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServerProcess(Process process, Uri baseAddress, string workingDirectory)
    {
        this.process = process;
        BaseAddress = baseAddress;
        WorkingDirectory = workingDirectory;
    }

    public Uri BaseAddress { get; }

    public string WorkingDirectory { get; }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    /// <summary>The server's resident memory now (Linux /proc), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Starts the server and waits until <c>/health/live</c> answers.</summary>
    public static async Task<ServerProcess> StartAsync(IDictionary<string, string?> settings, string environment = "Production", string? workingDirectory = null)
    {
        var port = FreePort();
        var server = Launch(settings, environment, port, workingDirectory);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"AuthServer exited with {server.process.ExitCode}:\n{server.Output}");
            }

            try
            {
                if ((await http.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"AuthServer did not answer within 60 s:\n{server.Output}");
    }

    /// <summary>Runs the server expecting it to stop by itself (a refused configuration); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IDictionary<string, string?> settings, string environment = "Production")
    {
        await using var server = Launch(settings, environment, FreePort(), null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.process.WaitForExitAsync(timeout.Token);
        return (server.process.ExitCode, server.Output);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ServerProcess Launch(IDictionary<string, string?> settings, string environment, int port, string? workingDirectory)
    {
        var directory = workingDirectory ?? Directory.CreateTempSubdirectory("authserver-process-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AuthServer.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (key, value) in UnlessGiven(settings, RelaxedLimits))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), directory);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    // Every test process is reached from 127.0.0.1: per-address limits would couple unrelated requests. A test of a limit sets it.
    private static readonly Dictionary<string, string?> RelaxedLimits = new()
    {
        ["RateLimiting:AddressFailureLimit"] = "1000000",
        ["RateLimiting:AccountFailureLimit"] = "1000000",
        ["RateLimiting:RegisterPermitLimit"] = "1000000",
    };

    private static IEnumerable<KeyValuePair<string, string?>> UnlessGiven(IDictionary<string, string?> settings, Dictionary<string, string?> defaults) =>
        settings.Concat(defaults.Where(d => !settings.ContainsKey(d.Key)));

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
