using System.Globalization;

namespace LoadTests.Infra;

/// <summary>
/// A PostgreSQL of this run's own, from Debian's binaries, with PostgreSQL's default durability (fsync and synchronous
/// commit on): a commit costs here what it costs in production. PostgreSQL refuses to run as root, so when the run is
/// root its programs run as the <c>postgres</c> user (<c>runuser</c>); the postmaster is pinned like the servers.
/// </summary>
public sealed class PostgresHost : IDisposable
{
    private readonly string _bin;
    private readonly string _dir;
    private ManagedProcess? _process;

    private PostgresHost(string bin, string dir)
    {
        _bin = bin;
        _dir = dir;
    }

    public int Port { get; } = Ports.Free();

    public string DataDirectory => Path.Combine(_dir, "data");

    /// <summary>Version and the settings that bound commits, as PostgreSQL reports them.</summary>
    public string Description { get; private set; } = "";

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>The newest Debian PostgreSQL (or <c>PG_BIN</c>), or null when none is installed.</summary>
    public static string? FindBin()
    {
        if (Environment.GetEnvironmentVariable("PG_BIN") is { Length: > 0 } given)
        {
            return File.Exists(Path.Combine(given, "pg_ctl")) ? given : null;
        }

        const string debian = "/usr/lib/postgresql";
        return !Directory.Exists(debian) ? null : Directory.GetDirectories(debian)
            .Select(v => Path.Combine(v, "bin"))
            .Where(b => File.Exists(Path.Combine(b, "postgres")) && File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pgbench")))
            .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int major) ? major : 0)
            .FirstOrDefault();
    }

    public static async Task<PostgresHost> StartAsync(string bin, string cpus, string logDir, CancellationToken ct)
    {
        // Not under the run's work dir: the postgres user must be able to reach it.
        DirectoryInfo dir = Directory.CreateTempSubdirectory("authserver-loadtests-pg-");
        await Cmd.RunAsync("chmod", ["755", dir.FullName], ct: ct);
        if (AsRoot)
        {
            await Cmd.RunAsync("chown", ["postgres", dir.FullName], ct: ct);
        }

        PostgresHost host = new(bin, dir.FullName);
        try
        {
            await host.RunToolAsync("initdb", ["-D", host.DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"], ct);
            string[] server = [Path.Combine(bin, "postgres"), "-D", host.DataDirectory, "-p", host.Port.ToString(CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1", "-k", dir.FullName, "-c", "max_connections=200"];
            host._process = AsRoot
                ? ManagedProcess.Start("postgres", cpus, "runuser", ["-u", "postgres", "--", .. server], Path.Combine(logDir, "postgres.log"))
                : ManagedProcess.Start("postgres", cpus, server[0], server[1..], Path.Combine(logDir, "postgres.log"));
            await host.WaitReadyAsync(ct);
            host.Description = await host.DescribeAsync(ct);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>CPU time of the postmaster and its backends so far (user + system; ended backends via the postmaster's children times).</summary>
    public double CpuSeconds()
    {
        string postmaster = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First().Trim();
        string children = File.ReadAllText($"/proc/{postmaster}/task/{postmaster}/children");
        return ProcessCpuSeconds(postmaster, withEnded: true)
            + children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Sum(pid => ProcessCpuSeconds(pid, withEnded: false));
    }

    /// <summary>
    /// Durable commits per second of a one-row INSERT with <paramref name="clients"/> connections (pgbench, pinned to
    /// <paramref name="cpus"/>): the ceiling that WAL flushes put on anything that commits, rotations included.
    /// </summary>
    public async Task<CommitProbe> ProbeCommitsAsync(string cpus, int clients, TimeSpan duration, CancellationToken ct)
    {
        string script = Path.Combine(_dir, "commit.sql");
        await File.WriteAllTextAsync(script, "INSERT INTO commit_probe (v) VALUES (1);\n", ct);
        await Check(ClientAsync(null, "psql", ["-d", "postgres", "-c", "CREATE TABLE IF NOT EXISTS commit_probe (id bigserial PRIMARY KEY, v bigint)"], ct), "psql");
        Cmd.Result r = await ClientAsync(cpus, "pgbench", ["-n", "-f", script, "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "1",
            "-T", Math.Max(1, (int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), "postgres"], ct);
        string? tps = r.Output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("tps =", StringComparison.Ordinal));
        string? latency = r.Output.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("latency average =", StringComparison.Ordinal));
        if (r.ExitCode != 0 || tps is null)
        {
            throw new InvalidOperationException($"pgbench failed ({r.ExitCode}): {r.Output.Trim()}");
        }

        return new CommitProbe(clients, Number(tps), latency is null ? 0 : Number(latency));

        static double Number(string line) =>
            double.Parse(line.Split('=')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Runs a PostgreSQL client program (psql, pgbench) against this server, pinned to <paramref name="cpus"/> when given.</summary>
    public Task<Cmd.Result> ClientAsync(string? cpus, string program, IEnumerable<string> args, CancellationToken ct, TimeSpan? timeout = null)
    {
        string[] command = [Path.Combine(_bin, program), "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", .. args];
        return cpus is null
            ? Cmd.RunAsync(command[0], command[1..], timeout: timeout ?? TimeSpan.FromMinutes(2), ct: ct)
            : Cmd.RunAsync("taskset", ["-c", cpus, .. command], timeout: timeout ?? TimeSpan.FromMinutes(2), ct: ct);
    }

    public void Dispose()
    {
        _process?.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // /tmp is cleaned anyway
        }
    }

    private static bool AsRoot => Environment.UserName == "root";

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        DateTime end = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < end && _process is { HasExited: false })
        {
            if ((await ClientAsync(null, "pg_isready", ["-d", "postgres"], ct, TimeSpan.FromSeconds(10))).ExitCode == 0)
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new InvalidOperationException($"PostgreSQL did not become ready on port {Port}: {_process?.Tail()}");
    }

    private async Task<string> DescribeAsync(CancellationToken ct)
    {
        Cmd.Result r = await ClientAsync(null, "psql", ["-d", "postgres", "-Atc",
            "SELECT split_part(version(), ' on ', 1) || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', wal_sync_method=' || current_setting('wal_sync_method') || ', full_page_writes=' || current_setting('full_page_writes')"], ct);
        return r.ExitCode == 0 ? r.Output.Trim() : "unknown";
    }

    private Task RunToolAsync(string tool, string[] args, CancellationToken ct) =>
        Check(AsRoot
            ? Cmd.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args], ct: ct)
            : Cmd.RunAsync(Path.Combine(_bin, tool), args, ct: ct), tool);

    private static async Task Check(Task<Cmd.Result> run, string what)
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

/// <summary>pgbench's one-row INSERT commits: clients, commits per second, average latency.</summary>
public sealed record CommitProbe(int Clients, double CommitsPerSecond, double LatencyMs);
