using System.Collections.Concurrent;
using System.Diagnostics;

namespace AuthServer.Testing;

/// <summary>
/// A child process this run started: pinned to CPUs with taskset when asked, output to a log file,
/// killed (with its children) on Dispose, on Ctrl+C and at process exit, and by <see cref="Watchdog"/> if this
/// process dies without a chance to.
/// </summary>
public sealed class ManagedProcess : IDisposable
{
    private static readonly ConcurrentDictionary<ManagedProcess, byte> s_live = new();
    private readonly Process _process;
    private readonly StreamWriter _log;
    private int _disposed;

    static ManagedProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    private ManagedProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
        Pid = process.Id;
    }

    public string Name { get; }
    public string LogPath { get; private init; } = "";
    public int Pid { get; }
    public bool HasExited => Volatile.Read(ref _disposed) == 1 || _process.HasExited;
    public int ExitCode => _process.ExitCode;

    /// <summary>Everything it wrote so far, standard output and error as they came.</summary>
    public string Output()
    {
        try
        {
            using FileStream fs = new(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using StreamReader r = new(fs);
            return r.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>
    /// Starts <paramref name="file"/>, under <c>taskset -c cpus</c> when <paramref name="cpus"/> is given (taskset execs,
    /// so the PID is the program's either way).
    /// </summary>
    public static ManagedProcess Start(
        string name, string? cpus, string file, IEnumerable<string> args, string logPath,
        string? workDir = null, IReadOnlyDictionary<string, string>? env = null)
    {
        ProcessStartInfo psi = new(cpus is null ? file : "taskset")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workDir ?? Directory.GetCurrentDirectory(),
        };
        if (cpus is not null)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(cpus);
            psi.ArgumentList.Add(file);
        }

        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach ((string k, string v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        StreamWriter log = new(logPath, append: true) { AutoFlush = true };
        Process p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        ManagedProcess mp = new(name, p, log) { LogPath = logPath };
        p.OutputDataReceived += mp.OnLine;
        p.ErrorDataReceived += mp.OnLine;
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        s_live[mp] = 0;
        Watchdog.Watch(p.Id);
        return mp;
    }

    /// <summary>The last lines of the log, for error messages.</summary>
    public string Tail(int lines = 15) =>
        string.Join('\n', Output().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));

    /// <summary>Waits until it has exited and its output is all in the log.</summary>
    public Task WaitForExitAsync(CancellationToken ct = default) => _process.WaitForExitAsync(ct);

    /// <summary>
    /// Sends <paramref name="signal"/> (<c>TERM</c> to ask it to stop, <c>STOP</c>/<c>CONT</c> to freeze and thaw it)
    /// with kill(1); nothing if it has exited.
    /// </summary>
    public async Task SignalAsync(string signal)
    {
        if (!HasExited)
        {
            await Cmd.RunAsync("kill", ["-" + signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>CPU time (user + system) the process has used so far, from /proc/PID/stat.</summary>
    public double CpuSeconds()
    {
        string stat = File.ReadAllText($"/proc/{Pid}/stat");
        // Fields after the command name, which is in parentheses and may contain spaces.
        string[] f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(f[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(f[12], System.Globalization.CultureInfo.InvariantCulture);
        return ticks / 100.0; // USER_HZ is 100 on Linux
    }

    /// <summary>Resident set size now and at its peak, in MiB, from /proc/PID/status.</summary>
    public (double RssMb, double PeakMb) Memory()
    {
        double rss = 0, peak = 0;
        foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = KbField(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = KbField(line) / 1024.0;
            }
        }

        return (rss, peak);

        static double KbField(string line) =>
            double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Moves every thread to <paramref name="cpus"/> (taskset -a) and checks /proc that none was missed.
    /// A process started on another single CPU saw the same CPU count (GC heaps, thread pool), so this
    /// only changes where it runs: startups can share both CPUs, measurements still see one.
    /// </summary>
    public async Task RepinAsync(string cpus)
    {
        for (int attempt = 0; attempt < 5; attempt++)
        {
            await Cmd.RunAsync("taskset", ["-a", "-p", "-c", cpus, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                timeout: TimeSpan.FromSeconds(10));
            bool all = Directory.EnumerateDirectories($"/proc/{Pid}/task").All(t =>
            {
                try
                {
                    return File.ReadLines(Path.Combine(t, "status"))
                        .Any(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal) && l.Split(':')[1].Trim() == cpus);
                }
                catch (IOException)
                {
                    return true; // the thread ended meanwhile
                }
            });
            if (all)
            {
                return;
            }
        }

        throw new InvalidOperationException($"could not pin {Name} to CPU {cpus}");
    }

    /// <summary>SIGKILL to the process and its children; waits for it to be gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Kills it if it still runs. Idempotent: a test that killed it early and then its cleanup, or a load-test phase
    /// and the host that owns the same process, may both dispose it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        s_live.TryRemove(this, out _);
        Watchdog.Forget(Pid);
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }

    /// <summary>Kills everything still running; safe to call more than once.</summary>
    public static void KillAll()
    {
        // SIGKILL to every one first, without waiting: a test host at exit is given little time, and a slow
        // one-by-one pass was seen cut short with servers left running.
        foreach (ManagedProcess p in s_live.Keys)
        {
            try
            {
                p._process.Kill();
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
        }

        foreach (ManagedProcess p in s_live.Keys)
        {
            p.Kill();
        }
    }

    private void OnLine(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(e.Data);
            }
            catch (ObjectDisposedException)
            {
                // the run is shutting down
            }
        }
    }
}
