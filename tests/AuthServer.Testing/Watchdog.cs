using System.Diagnostics;
using System.Globalization;

namespace AuthServer.Testing;

/// <summary>
/// Kills the processes this process started even when it is killed itself before it can (SIGKILL, a test host torn
/// down without running its exit handlers, as seen): a shell waits for this process's end on its stdin, a pipe only
/// this process holds, then SIGKILLs every child still listed. Each is listed with its start time, so that a process
/// id the kernel has since given to another process is never hit.
/// </summary>
internal static class Watchdog
{
    private const string Script = """
        cat >/dev/null
        while read -r pid start; do
          [ "$(sed 's/.*) //' /proc/"$pid"/stat 2>/dev/null | cut -d' ' -f20)" = "$start" ] && kill -9 "$pid"
        done < "$0"
        rm -f "$0"
        """;

    private static readonly Lock s_gate = new();
    private static readonly Dictionary<int, string> s_children = [];
    private static readonly string s_list = Path.Combine(Path.GetTempPath(), $"managed-processes-{Environment.ProcessId}.txt");
    private static Process? s_shell;

    public static void Watch(int pid)
    {
        if (!OperatingSystem.IsLinux() || StartTime(pid) is not string start)
        {
            return;
        }

        lock (s_gate)
        {
            s_children[pid] = start;
            Save();
            if (s_shell is null)
            {
                ProcessStartInfo psi = new("sh") { RedirectStandardInput = true, UseShellExecute = false };
                psi.ArgumentList.Add("-c");
                psi.ArgumentList.Add(Script);
                psi.ArgumentList.Add(s_list);
                s_shell = Process.Start(psi);
            }
        }
    }

    public static void Forget(int pid)
    {
        lock (s_gate)
        {
            if (s_children.Remove(pid))
            {
                Save();
            }
        }
    }

    /// <summary>Field 22 of /proc/PID/stat (after the command name, which may hold spaces).</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (IOException)
        {
            return null;
        }
    }

    // Replaced whole, so the shell never reads half a list.
    private static void Save()
    {
        string next = s_list + ".next";
        File.WriteAllLines(next, s_children.Select(c => $"{c.Key.ToString(CultureInfo.InvariantCulture)} {c.Value}"));
        File.Move(next, s_list, overwrite: true);
    }
}
