using System.Diagnostics;
using System.Globalization;

namespace AuthServer.Testing;

/// <summary>
/// A throwaway PostgreSQL from Debian's binaries (<see cref="SystemPrograms.PostgresServer"/>): <c>initdb</c> into a temp
/// directory, <c>pg_ctl</c> on a free loopback port, run as the <c>postgres</c> user when the caller is root (PostgreSQL
/// refuses root). It can be stopped (immediate shutdown, as a crash), started again on the same port and data, and frozen.
/// A detached watchdog stops it and deletes its directory once the caller's process is gone, however it ends.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable, IDisposable
{
    private readonly string _directory;
    private readonly string _settings;
    private readonly string? _cpus;

    private PostgresCluster(string bin, string directory, string settings, string? cpus)
    {
        Bin = bin;
        _directory = directory;
        _settings = settings;
        _cpus = cpus;
    }

    /// <summary>The directory of <c>postgres</c>, <c>pg_ctl</c>, <c>psql</c>, <c>pgbench</c>.</summary>
    public string Bin { get; }

    public int Port { get; } = Ports.Free();

    /// <summary>The superuser on the <c>postgres</c> database (trust authentication on loopback).</summary>
    public string ConnectionString => ConnectionStringFor("postgres");

    public string DataDirectory => Path.Combine(_directory, "data");

    public string LogPath => Path.Combine(_directory, "log");

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database}";

    /// <summary>
    /// Creates and starts a cluster. Unless <paramref name="durable"/>, fsync is off: fast for tests, and a test's data need
    /// not survive a power cut; measure commit-bound figures with a durable one (PostgreSQL's defaults). Commits stay
    /// synchronous either way: a commit is acknowledged once its WAL is written, so a crash of the server (<see cref="StopAsync"/>)
    /// loses nothing acknowledged, as in production; with asynchronous commit a write made just before it was lost.
    /// <paramref name="cpus"/> pins the server and its backends (taskset), null runs them anywhere.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(bool durable = false, string? cpus = null, int maxConnections = 300, string? bin = null)
    {
        bin ??= SystemPrograms.PostgresServer.Path ?? throw new InvalidOperationException($"PostgreSQL is not installed ({SystemPrograms.Missing(SystemPrograms.PostgresServer)})");
        // Not under the caller's work directory: the postgres user must be able to reach it.
        string directory = Directory.CreateTempSubdirectory("authserver-pg-").FullName;
        await CheckAsync(Cmd.RunAsync("chmod", ["755", directory]), "chmod");
        if (AsRoot)
        {
            await CheckAsync(Cmd.RunAsync("chown", ["postgres", directory]), "chown");
        }

        string settings = $"-c listen_addresses=127.0.0.1 -k {directory} -c max_connections={maxConnections.ToString(CultureInfo.InvariantCulture)}"
            + (durable ? "" : " -c fsync=off -c full_page_writes=off");
        PostgresCluster cluster = new(bin, directory, settings, cpus);
        cluster.RemoveWhenThisProcessEnds();
        await CheckAsync(cluster.ToolAsync("initdb", ["-D", cluster.DataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"]), "initdb");
        await cluster.StartAgainAsync();
        return cluster;
    }

    /// <summary>Immediate shutdown: every backend killed, no checkpoint, as a crash; clients see their connections drop.</summary>
    public Task StopAsync() => CheckAsync(ToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]), "pg_ctl stop");

    public Task StartAgainAsync() =>
        CheckAsync(ToolAsync("pg_ctl", ["-D", DataDirectory, "-l", LogPath, "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} {_settings}", "-w", "-t", "60", "start"], _cpus), "pg_ctl start");

    /// <summary>
    /// Freezes (SIGSTOP) or thaws (SIGCONT) the postmaster and its backends: connections stay open but nothing answers,
    /// as when the database host hangs or the network drops packets.
    /// </summary>
    public async Task SignalAsync(bool freeze)
    {
        string signal = freeze ? "-STOP" : "-CONT";
        // The postmaster first (stopped, it starts no backend), then the backends it has now; one that ended meanwhile
        // (a pool closing a connection) is no error, so their kill's status is not checked.
        (string postmaster, _) = Processes();
        await CheckAsync(Cmd.RunAsync("kill", [signal, postmaster]), "kill");
        if (Processes().Backends is { Length: > 0 } backends)
        {
            await Cmd.RunAsync("kill", [signal, .. backends]);
        }
    }

    /// <summary>CPU time of the postmaster and its backends so far (user + system; ended backends via the postmaster's children times).</summary>
    public double CpuSeconds()
    {
        (string postmaster, string[] backends) = Processes();
        return ProcessCpuSeconds(postmaster, withEnded: true) + backends.Sum(pid => ProcessCpuSeconds(pid, withEnded: false));
    }

    /// <summary>Runs a PostgreSQL client program (psql, pgbench, pg_isready) against this server, pinned to <paramref name="cpus"/> when given.</summary>
    public Task<Cmd.Result> ClientAsync(string? cpus, string program, IEnumerable<string> args, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        string[] command = [Path.Combine(Bin, program), "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", .. args];
        return cpus is null
            ? Cmd.RunAsync(command[0], command[1..], timeout: timeout ?? TimeSpan.FromMinutes(2), ct: ct)
            : Cmd.RunAsync("taskset", ["-c", cpus, .. command], timeout: timeout ?? TimeSpan.FromMinutes(2), ct: ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // the watchdog removes it when this process ends
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private static bool AsRoot => Environment.UserName == "root";

    private (string Postmaster, string[] Backends) Processes()
    {
        string postmaster = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First().Trim();
        string children = File.ReadAllText($"/proc/{postmaster}/task/{postmaster}/children");
        return (postmaster, children.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// A detached watchdog stops the cluster and deletes its directory once this process is gone, however it ends: a test
    /// runner may kill its host before exit handlers finish, and pg_ctl's server is no child of ours to kill.
    /// </summary>
    private void RemoveWhenThisProcessEnds()
    {
        string pgCtl = Path.Combine(Bin, "pg_ctl");
        string stop = AsRoot ? $"runuser -u postgres -- {pgCtl}" : pgCtl;
        string script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} -D '{DataDirectory}' -m immediate stop; rm -rf '{_directory}'";
        ProcessStartInfo start = new("setsid", ["-f", "sh", "-c", script]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using Process watchdog = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
        watchdog.WaitForExit();
    }

    // The server's tools run as the postgres user when we are root; taskset first, so the server inherits the CPUs.
    private Task<Cmd.Result> ToolAsync(string tool, string[] args, string? cpus = null)
    {
        string[] command = AsRoot ? ["runuser", "-u", "postgres", "--", Path.Combine(Bin, tool), .. args] : [Path.Combine(Bin, tool), .. args];
        return cpus is null
            ? Cmd.RunAsync(command[0], command[1..], timeout: TimeSpan.FromMinutes(2))
            : Cmd.RunAsync("taskset", ["-c", cpus, .. command], timeout: TimeSpan.FromMinutes(2));
    }

    private static async Task CheckAsync(Task<Cmd.Result> run, string what)
    {
        Cmd.Result r = await run;
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed ({r.ExitCode}): {r.Output.Trim()}");
        }
    }

    private static double ProcessCpuSeconds(string pid, bool withEnded)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // utime, stime; then cutime, cstime: the children it has reaped.
            long ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture)
                + (withEnded ? long.Parse(f[13], CultureInfo.InvariantCulture) + long.Parse(f[14], CultureInfo.InvariantCulture) : 0);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        }
        catch (IOException)
        {
            return 0; // a backend that ended meanwhile
        }
    }
}
