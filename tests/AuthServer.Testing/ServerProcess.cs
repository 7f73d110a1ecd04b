using System.Globalization;
using System.Net;

namespace AuthServer.Testing;

/// <summary>How to start one HTTP server as a child process, and how to tell it is up.</summary>
/// <param name="Name">For logs and errors.</param>
/// <param name="Program">What to run (<c>dotnet</c>, or the server itself).</param>
/// <param name="Arguments">Its arguments (for a .NET server, the DLL first).</param>
/// <param name="BaseAddress">Where it will listen: the arguments or settings must say so.</param>
public sealed record ServerLaunch(string Name, string Program, IReadOnlyList<string> Arguments, Uri BaseAddress)
{
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>Its working directory; a new temp directory when null. Its log is written there unless <see cref="LogPath"/> says otherwise.</summary>
    public string? WorkingDirectory { get; init; }

    public string? LogPath { get; init; }

    /// <summary>Where it runs (taskset); null for anywhere.</summary>
    public string? Cpus { get; init; }

    /// <summary>Where it starts, when not <see cref="Cpus"/>: moved to <see cref="Cpus"/> once it answers (a start may use every CPU).</summary>
    public string? StartCpus { get; init; }

    /// <summary>The path that answers 200 once it is up.</summary>
    public string ReadyPath { get; init; } = "/health/live";

    public TimeSpan Patience { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A real server process on a loopback port (an AuthServer, the orders sample, a peer): started, waited for until it
/// answers, asked to stop (SIGTERM) or killed; killed anyway when this process ends (<see cref="ManagedProcess"/>).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable, IDisposable
{
    private ServerProcess(ManagedProcess process, Uri baseAddress, string workingDirectory)
    {
        Name = process.Name;
        Process = process;
        BaseAddress = baseAddress;
        WorkingDirectory = workingDirectory;
    }

    public string Name { get; }

    public ManagedProcess Process { get; }

    public Uri BaseAddress { get; }

    public int Port => BaseAddress.Port;

    public string WorkingDirectory { get; }

    /// <summary>Everything it has written so far (standard output and error).</summary>
    public string Output => Process.Output();

    public bool HasExited => Process.HasExited;

    /// <summary>Starts it and waits until <see cref="ServerLaunch.ReadyPath"/> answers 200; <see cref="ServerStartException"/> if it never does.</summary>
    public static async Task<ServerProcess> StartAsync(ServerLaunch launch, CancellationToken ct = default)
    {
        ServerProcess server = Launch(launch, launch.StartCpus ?? launch.Cpus);
        try
        {
            await server.WaitUntilAnswersAsync(launch, ct);
            if (launch.StartCpus is not null && launch.Cpus is not null && launch.StartCpus != launch.Cpus)
            {
                await server.Process.RepinAsync(launch.Cpus);
            }

            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Runs it expecting it to stop by itself (a refused configuration); returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(ServerLaunch launch)
    {
        using ServerProcess server = Launch(launch, launch.Cpus);
        using CancellationTokenSource timeout = new(launch.Patience);
        await server.Process.WaitForExitAsync(timeout.Token);
        return (server.Process.ExitCode, server.Output);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The server's resident memory now (Linux /proc), in bytes.</summary>
    public long ResidentBytes() => (long)(Process.Memory().RssMb * 1024 * 1024);

    /// <summary>
    /// Asks the server to stop as Ctrl+C or a service manager would (SIGTERM), so it can clean up after itself; kills it
    /// if it has not stopped within <paramref name="patience"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan patience)
    {
        await Process.SignalAsync("TERM");
        using CancellationTokenSource timeout = new(patience);
        try
        {
            await Process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // killed below
        }

        Dispose();
    }

    /// <summary>Kills the process if it still runs; safe to call again (a test that killed it early, then its cleanup).</summary>
    public void Dispose() => Process.Dispose();

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private static ServerProcess Launch(ServerLaunch launch, string? cpus)
    {
        string directory = launch.WorkingDirectory ?? Directory.CreateTempSubdirectory("authserver-process-").FullName;
        ManagedProcess process = ManagedProcess.Start(
            launch.Name, cpus, launch.Program, launch.Arguments, launch.LogPath ?? Path.Combine(directory, launch.Name + ".log"), directory, launch.Environment);
        return new ServerProcess(process, launch.BaseAddress, directory);
    }

    private async Task WaitUntilAnswersAsync(ServerLaunch launch, CancellationToken ct)
    {
        using HttpClient http = new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        DateTime deadline = DateTime.UtcNow + launch.Patience;
        while (DateTime.UtcNow < deadline && !HasExited)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(launch.ReadyPath, ct);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // a slow first answer
            }

            await Task.Delay(100, ct);
        }

        string why = HasExited
            ? $"exited with {Process.ExitCode.ToString(CultureInfo.InvariantCulture)} at start"
            : $"did not answer {launch.ReadyPath} within {launch.Patience.TotalSeconds:0} s";
        string tail = Process.Tail();
        string last = tail.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";
        throw new ServerStartException($"{launch.Name} {why}" + (last.Length > 0 ? $": {last}" : ""), tail);
    }
}

/// <summary>A server that would not come up; carries the end of its log.</summary>
public sealed class ServerStartException(string message, string logTail) : Exception(message)
{
    public string LogTail { get; } = logTail;
}
