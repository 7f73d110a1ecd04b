using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace AuthServer.Tests.Processes;

/// <summary>
/// A real AuthServer process on a free loopback port, for clients that need a socket (a browser, a
/// Prometheus-style scrape). It runs the server built next to the tests, in Development (ephemeral
/// key), with its SQLite file in its own temporary directory.
/// </summary>
internal sealed partial class AuthServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly string workDirectory;
    private readonly StringBuilder output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AuthServerProcess(Process process, string workDirectory)
    {
        this.process = process;
        this.workDirectory = workDirectory;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress => listening.Task.Result;

    /// <summary>Everything the server wrote, for failure messages.</summary>
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

    /// <summary>Starts the server with <c>Auth:Strategy</c> set and waits until it listens.</summary>
    public static async Task<AuthServerProcess> StartAsync(string strategy, params string[] extraArguments)
    {
        var serverDll = RepositoryPaths.ServerAssembly;
        var workDirectory = Directory.CreateTempSubdirectory("authserver-test-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            serverDll, "--urls", "http://127.0.0.1:0", "--contentRoot", Path.GetDirectoryName(serverDll)!,
            $"--Auth:Strategy={strategy}", $"--ConnectionStrings:Sqlite=Data Source={Path.Combine(workDirectory, "auth.db")}",
            .. extraArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";

        var server = new AuthServerProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, workDirectory);
        try
        {
            await server.StartAndWaitAsync(strategy);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        process.Dispose();
        try
        {
            Directory.Delete(workDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the OS's temp cleanup.
        }
    }

    private async Task StartAndWaitAsync(string strategy)
    {
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(
            new InvalidOperationException($"AuthServer ({strategy}) exited with code {process.ExitCode} before listening:\n{Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"AuthServer ({strategy}) did not listen within {StartTimeout}:\n{Output}", ex);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}