using System.Text.Json;
using LoadTests.Load;
using LoadTests.Report;

namespace LoadTests.Cli;

/// <summary>
/// One scenario against a server that is already running, result as JSON: for profiling a single path
/// (e.g. with dotnet-trace attached to the server) without the whole comparison run.
/// </summary>
public static class Probe
{
    public const string Usage = """
        usage: LoadTests probe refresh|login|revocation|outage-free-timeline URL [--duration 5s] [--concurrency N] [--url-b URL]
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        string what = args[1];
        Uri url = new(args[2]);
        TimeSpan duration = TimeSpan.FromSeconds(5);
        int? concurrency = null;
        Uri? b = null;
        for (int i = 3; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--duration": duration = RunOptions.ParseDuration(args[i + 1]); break;
                case "--concurrency": concurrency = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--url-b": b = new Uri(args[i + 1]); break;
                default: Console.Error.WriteLine(Usage); return 2;
            }
        }

        object result = what switch
        {
            "refresh" => await ScenarioRunner.RunRefreshRotationAsync(url, duration, concurrency ?? 8, ct),
            "login" => await ScenarioRunner.RunLoginAsync(url, duration, concurrency ?? 2, ct: ct),
            "revocation" => await ScenarioRunner.RunRevocationDelayAsync(url, b ?? url, concurrency ?? 20, TimeSpan.FromSeconds(2), ct),
            "outage-free-timeline" => await ScenarioRunner.RunTimelineAsync(url, duration, concurrency ?? 16, [], ct),
            _ => throw new ArgumentException($"unknown probe '{what}'"),
        };
        Console.WriteLine(JsonSerializer.Serialize(result, ReportWriter.Json));
        return 0;
    }
}
