using System.Security.Cryptography;
using System.Text.Json;
using LoadTests.Infra;
using LoadTests.Report;

namespace LoadTests.Cli;

/// <summary><c>LoadTests services [run options]</c>: only the second-service phase, result as JSON and as the report's section.</summary>
public static class ServicesCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        RunOptions o = RunOptions.Parse(args);
        if (o.Build && (await Orchestrator.BuildServerAsync(o.RepoRoot, ct) ?? await ServicesPhase.BuildAsync(o.RepoRoot, ct)) is string error)
        {
            Console.Error.WriteLine(error);
            return 1;
        }

        string loadCpu = Environment.ProcessorCount >= 2 ? "1" : "0";
        Orchestrator.PinSelf(loadCpu);
        DirectoryInfo work = Directory.CreateTempSubdirectory("authserver-loadtests-");
        using RedisHost redis = new(work.FullName, Orchestrator.ServerCpu);
        await redis.StartAsync();
        using ProgressReporter progress = new(Plan.ServicesSeconds(o));
        try
        {
            ServicesResults result = await new ServicesPhase(Plan.Services(o, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), work.FullName, redis.ConnectionString, loadCpu), progress).RunAsync(ct);
            progress.Dispose();
            Console.WriteLine(JsonSerializer.Serialize(result, ReportWriter.Json));
            ReportDocument d = new();
            ServicesSection.Write(d, result);
            Console.WriteLine(Renderers.Markdown(d));
            return result.Status == "ok" ? 0 : 1;
        }
        finally
        {
            ManagedProcess.KillAll();
        }
    }
}
