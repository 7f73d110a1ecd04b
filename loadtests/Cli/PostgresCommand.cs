using System.Security.Cryptography;
using System.Text.Json;
using LoadTests.Report;

namespace LoadTests.Cli;

/// <summary><c>LoadTests postgres [run options]</c>: only the PostgreSQL phase, result as JSON (no wrk, nginx or Redis needed).</summary>
public static class PostgresCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        RunOptions o = RunOptions.Parse(args);
        string dll = Path.Combine(o.RepoRoot, "src", "AuthServer", "bin", "Release", "net10.0", "AuthServer.dll");
        if (o.Build && await Orchestrator.BuildServerAsync(o.RepoRoot, ct) is string error)
        {
            Console.Error.WriteLine(error);
            return 1;
        }

        string loadCpu = Environment.ProcessorCount >= 2 ? "1" : "0";
        Orchestrator.PinSelf(loadCpu);
        DirectoryInfo work = Directory.CreateTempSubdirectory("authserver-loadtests-");
        using ProgressReporter progress = new(Plan.PostgresSeconds(o) + (o.Build ? Plan.BuildSeconds : 0));
        PostgresResults result = await PostgresPhase.RunAsync(
            Plan.Postgres(o, dll, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), work.FullName, loadCpu), progress, ct);
        progress.Dispose();
        Console.WriteLine(JsonSerializer.Serialize(result, ReportWriter.Json));
        Console.WriteLine($"{result.Refresh?.RatePerSecond:N0} rotations/s, {result.Login?.RatePerSecond:N1} logins/s: {PostgresSection.Explain(result)}");
        return result.Status == "ok" && result.Errors.Count == 0 ? 0 : 1;
    }
}
