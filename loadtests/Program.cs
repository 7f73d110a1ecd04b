using System.Runtime.InteropServices;
using LoadTests;
using LoadTests.Cli;

// The comparison run: build, start, measure, report, stop (see loadtests/README.md).
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(RunOptions.Usage);
    Console.WriteLine(Probe.Usage);
    Console.WriteLine("       LoadTests render DIR     rewrite DIR's report from its results.json");
    Console.WriteLine("       LoadTests services [--quick] [--strategies a,b] [--duration 8s] [--no-build]   only the second-service phase\n       LoadTests services render FILE   its report section again from a saved JSON result");
    Console.WriteLine("       LoadTests postgres [--quick] [--duration 8s] [--no-build]   only jwt-refresh on PostgreSQL, as JSON");
    return 0;
}

if (args.Length > 0 && args[0] == "probe")
{
    return await Probe.RunAsync(args, CancellationToken.None);
}

if (args.Length > 0 && args[0] == "services")
{
    return await ServicesCommand.RunAsync(args[1..], CancellationToken.None);
}

if (args.Length > 0 && args[0] == "postgres")
{
    return await PostgresCommand.RunAsync(args[1..], CancellationToken.None);
}

if (args.Length == 2 && args[0] == "render")
{
    return await LoadTests.Report.ReportWriter.RenderAsync(args[1]);
}

RunOptions options;
try
{
    options = RunOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(RunOptions.Usage);
    return 2;
}

using CancellationTokenSource cts = new();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    Stop();
};

// kill (SIGTERM) and a closed terminal (SIGHUP) stop the run the same way: servers stopped, partial report written.
using PosixSignalRegistration term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    Stop();
});
using PosixSignalRegistration hup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
{
    c.Cancel = true;
    Stop();
});

return await Orchestrator.RunAsync(options, cts.Token);

void Stop()
{
    Console.Error.WriteLine("\ncancelling: stopping everything this run started");
    cts.Cancel();
}
