using System.Diagnostics;
using AuthServer.Tests.Infrastructure;
using Npgsql;

namespace AuthServer.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL from Debian's binaries (<see cref="SystemPrograms.PostgresServer"/>): <c>initdb</c> into a temp
/// directory, <c>pg_ctl</c> on a free loopback port, run as the <c>postgres</c> user when the tests run as root (PostgreSQL
/// refuses root). A test may stop it (immediate shutdown, as a crash) and start it again on the same port and data.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string bin;
    private readonly string directory;
    private readonly bool durable;

    private PostgresCluster(string bin, string directory, int port, bool durable)
    {
        this.bin = bin;
        this.directory = directory;
        this.durable = durable;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The superuser on the <c>postgres</c> database (trust authentication on loopback).</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres";

    public string DataDirectory => Path.Combine(directory, "data");

    /// <summary>
    /// Creates and starts a cluster. Unless <paramref name="durable"/>, fsync and synchronous commit are off: fast for
    /// tests, and a test's data need not survive a power cut. Measure commit-bound figures with a durable one.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(bool durable = false)
    {
        var bin = SystemPrograms.PostgresServer.Path ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install -y postgresql)");
        var directory = Directory.CreateTempSubdirectory("authserver-pg-").FullName;
        await RunAsync("chmod", "755", directory);
        if (AsRoot)
        {
            await RunAsync("chown", "postgres", directory);
        }

        var cluster = new PostgresCluster(bin, directory, ServerProcess.FreePort(), durable);
        cluster.RemoveWhenThisProcessEnds();
        await cluster.RunToolAsync("initdb", "-D", cluster.DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>Immediate shutdown: every backend killed, no checkpoint, as a crash; clients see their connections drop.</summary>
    public Task StopAsync() => RunToolAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");

    public Task StartAgainAsync()
    {
        var settings = $"-p {Port} -c listen_addresses=127.0.0.1 -k {directory} -c max_connections=300"
            + (durable ? string.Empty : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off");
        return RunToolAsync("pg_ctl", "-D", DataDirectory, "-l", Path.Combine(directory, "log"), "-o", settings, "-w", "-t", "60", "start");
    }

    /// <summary>
    /// Freezes (SIGSTOP) or thaws (SIGCONT) the postmaster and its backends: connections stay open but nothing answers,
    /// as when the database host hangs or the network drops packets.
    /// </summary>
    public async Task SignalAsync(bool freeze)
    {
        var postmaster = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "postmaster.pid")))[0].Trim();
        var children = await File.ReadAllTextAsync($"/proc/{postmaster}/task/{postmaster}/children");
        await RunAsync("kill", [freeze ? "-STOP" : "-CONT", postmaster, .. children.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
    }

    /// <summary>Runs SQL as the superuser on <paramref name="database"/>.</summary>
    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database, Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        Directory.Delete(directory, recursive: true);
    }

    private static bool AsRoot => Environment.UserName == "root";

    /// <summary>
    /// A detached watchdog stops the cluster and deletes its directory once the test process is gone, however it ends:
    /// the test runner may kill its host before exit handlers finish.
    /// </summary>
    private void RemoveWhenThisProcessEnds()
    {
        var pgCtl = Path.Combine(bin, "pg_ctl");
        var stop = AsRoot ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} -D '{DataDirectory}' -m immediate stop; rm -rf '{directory}'";
        var start = new ProcessStartInfo("setsid", ["-f", "sh", "-c", script]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var watchdog = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
        watchdog.WaitForExit();
    }

    private Task RunToolAsync(string tool, params string[] arguments) =>
        AsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(bin, tool), .. arguments]) : RunAsync(Path.Combine(bin, tool), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}
