using System.Diagnostics;

namespace AuthServer.Testing;

/// <summary>Short helper commands (builds, version probes): run to completion, output captured.</summary>
public static class Cmd
{
    public sealed record Result(int ExitCode, string Output);

    public static async Task<Result> RunAsync(
        string file, IEnumerable<string> args, string? workDir = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ProcessStartInfo psi = new(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Directory.GetCurrentDirectory(),
        };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using Process p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        Task<string> so = p.StandardOutput.ReadToEndAsync(ct);
        Task<string> se = p.StandardError.ReadToEndAsync(ct);
        using CancellationTokenSource cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(10));
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(p.ExitCode, (await so) + (await se));
    }

    /// <summary>True when the program is on PATH.</summary>
    public static bool Exists(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, program)));

    /// <summary>First line of a version probe, or "not found".</summary>
    public static async Task<string> VersionAsync(string program, params string[] args)
    {
        if (!Exists(program))
        {
            return "not found";
        }

        try
        {
            Result r = await RunAsync(program, args, timeout: TimeSpan.FromSeconds(20));
            return r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "?";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not found";
        }
    }
}
