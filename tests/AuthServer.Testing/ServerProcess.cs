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
    private bool disposed;

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
    public static Task<ServerProcess> StartAsync(IDictionary<string, string?> settings, string environment = "Production", string? workingDirectory = null)
    {
        var port = FreePort();
        var server = Launch(Arguments(port, settings), environment, new Uri($"http://127.0.0.1:{port}"), workingDirectory);
        return server.WaitUntilAnswersAsync("/health/live", TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Starts the server with exactly <paramref name="arguments"/> after the DLL (for modes that choose their own address,
    /// like <c>--compare</c>) and waits until <paramref name="readyPath"/> on <paramref name="baseAddress"/> answers 200.
    /// </summary>
    public static Task<ServerProcess> StartAsync(IEnumerable<string> arguments, Uri baseAddress, string readyPath, string environment, TimeSpan patience) =>
        Launch(arguments, environment, baseAddress, null).WaitUntilAnswersAsync(readyPath, patience);

    /// <summary>Runs the server expecting it to stop by itself (a refused configuration); returns its exit code and output.</summary>
    public static Task<(int ExitCode, string Output)> RunUntilExitAsync(IDictionary<string, string?> settings, string environment = "Production") =>
        RunUntilExitAsync(Arguments(FreePort(), settings), environment);

    /// <summary>As above, with exactly <paramref name="arguments"/> after the DLL.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IEnumerable<string> arguments, string environment)
    {
        await using var server = Launch(arguments, environment, new Uri("http://127.0.0.1"), null);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await server.process.WaitForExitAsync(timeout.Token);
        return (server.process.ExitCode, server.Output);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>
    /// Asks the server to stop as Ctrl+C or a service manager would (SIGTERM), so it can clean up after itself; kills it
    /// if it has not stopped within <paramref name="patience"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan patience)
    {
        if (!process.HasExited && !OperatingSystem.IsWindows())
        {
            using var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await signal.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(patience);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await DisposeAsync();
    }

    /// <summary>Kills the process if it still runs; safe to call again (a test that killed it early, then its cleanup).</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
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

    private async Task<ServerProcess> WaitUntilAnswersAsync(string path, TimeSpan patience)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"AuthServer exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(path)).StatusCode == HttpStatusCode.OK)
                {
                    return this;
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

        await DisposeAsync();
        throw new TimeoutException($"AuthServer did not answer {path} within {patience.TotalSeconds:0} s:\n{Output}");
    }

    private static List<string> Arguments(int port, IDictionary<string, string?> settings) =>
        ["--urls", $"http://127.0.0.1:{port}", .. UnlessGiven(settings, RelaxedLimits).Select(s => $"--{s.Key}={s.Value}")];

    private static ServerProcess Launch(IEnumerable<string> arguments, string environment, Uri baseAddress, string? workingDirectory)
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
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, baseAddress, directory);
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
