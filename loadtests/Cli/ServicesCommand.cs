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
        if (args is ["render", string saved])
        {
            return await RenderAsync(saved);
        }

        RunOptions o = RunOptions.Parse(args);
        if (o.Build && (await Orchestrator.BuildServerAsync(o.RepoRoot, ct) ?? await ServicesPhase.BuildAsync(o.RepoRoot, ct)) is string error)
        {
            Console.Error.WriteLine(error);
            return 1;
        }

        string loadCpu = Environment.ProcessorCount >= 2 ? "1" : "0";
        Orchestrator.PinSelf(loadCpu);
        DirectoryInfo work = Directory.CreateTempSubdirectory("authserver-loadtests-");
        using RedisProcess redis = new(Orchestrator.ServerCpu, work.FullName);
        await redis.StartAsync();
        using ProgressReporter progress = new(Plan.ServicesSeconds(o));
        try
        {
            ServicesResults result = await new ServicesPhase(Plan.Services(o, Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), work.FullName, redis.ConnectionString, loadCpu), progress).RunAsync(ct);
            progress.Dispose();
            Console.WriteLine(JsonSerializer.Serialize(result, ReportWriter.Json));
            Console.WriteLine(Section(result));
            return result.Status == "ok" ? 0 : 1;
        }
        finally
        {
            ManagedProcess.KillAll();
        }
    }

    /// <summary><c>LoadTests services render FILE</c>: the report's section again from a saved JSON result (after a wording change).</summary>
    private static async Task<int> RenderAsync(string path)
    {
        ServicesResults result = JsonSerializer.Deserialize<ServicesResults>(await File.ReadAllTextAsync(path), ReportWriter.Json)
            ?? throw new InvalidOperationException($"{path} is empty");
        Console.WriteLine(Section(result));
        return 0;
    }

    private static string Section(ServicesResults result)
    {
        ReportDocument d = new();
        ServicesSection.Write(d, result);
        return Renderers.Markdown(d);
    }
}
