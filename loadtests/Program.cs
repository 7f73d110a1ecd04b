using LoadTests;
using LoadTests.Cli;

// The comparison run: build, start, measure, report, stop (see loadtests/README.md).
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
    Console.Error.WriteLine("\ncancelling: stopping everything this run started");
    cts.Cancel();
};

return await Orchestrator.RunAsync(options, cts.Token);
