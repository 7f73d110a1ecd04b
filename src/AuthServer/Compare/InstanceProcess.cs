using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace AuthServer.Compare;

/// <summary>What one instance runs with: its strategy, its name (a or b), and the settings a deployment gives it.</summary>
/// <param name="Strategy">The <c>Auth:Strategy</c> it runs.</param>
/// <param name="Name">a or b.</param>
/// <param name="Port">Its loopback port.</param>
/// <param name="WorkingDirectory">Where it runs: its own directory in the comparison's workspace.</param>
/// <param name="Settings">Command-line settings (<c>--key=value</c>).</param>
/// <param name="Secrets">Settings passed in the environment, so they never show in a process listing.</param>
internal sealed record InstanceSpec(string Strategy, string Name, int Port, string WorkingDirectory, IReadOnlyDictionary<string, string> Settings, IReadOnlyDictionary<string, string> Secrets);

/// <summary>
/// One AuthServer process of the comparison, started from this very binary in Development, on a loopback port. Its
/// output goes to this process's log, each line marked with the instance.
/// </summary>
internal sealed class InstanceProcess : IAsyncDisposable
{
    private readonly Process process;
    private volatile bool stopping;

    private InstanceProcess(InstanceSpec spec, Process process)
    {
        Spec = spec;
        this.process = process;
        BaseAddress = new Uri($"http://127.0.0.1:{spec.Port.ToString(CultureInfo.InvariantCulture)}/");
    }

    public InstanceSpec Spec { get; }

    public Uri BaseAddress { get; }

    public bool HasExited => process.HasExited;

    public static InstanceProcess Start(InstanceSpec spec, ILogger logger)
    {
        var start = SelfStart();
        start.WorkingDirectory = spec.WorkingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.ArgumentList.Add($"--urls=http://127.0.0.1:{spec.Port.ToString(CultureInfo.InvariantCulture)}");
        foreach (var (key, value) in spec.Settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (key, value) in spec.Secrets)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Relay(object? sender, DataReceivedEventArgs e)
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                ComparisonLog.InstanceOutput(logger, spec.Strategy, spec.Name, e.Data);
            }
        }

        var instance = new InstanceProcess(spec, process);
        process.OutputDataReceived += Relay;
        process.ErrorDataReceived += Relay;
        process.Exited += (_, _) =>
        {
            if (!instance.stopping)
            {
                ComparisonLog.InstanceExited(logger, spec.Strategy, spec.Name, process.ExitCode);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return instance;
    }

    /// <summary>Waits until <c>/health/live</c> answers; false when the process exited or the time ran out.</summary>
    public async Task<bool> WaitUntilLiveAsync(HttpClient http, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < patience && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "health/live"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        stopping = true;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    /// <summary>This binary: the app host under <c>dotnet run</c>, or <c>dotnet AuthServer.dll</c> when started that way.</summary>
    private static ProcessStartInfo SelfStart()
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        var start = new ProcessStartInfo(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Comparison).Assembly.Location);
        }

        return start;
    }
}
