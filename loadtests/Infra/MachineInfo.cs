using System.Runtime.InteropServices;

namespace LoadTests.Infra;

/// <summary>What the numbers were measured on.</summary>
public sealed record MachineInfo(
    int Cores, string CpuModel, double MemoryGb, string Os, string Kernel, string Runtime,
    IReadOnlyDictionary<string, string> Tools, string GitCommit, string LoadAverageAtStart)
{
    public static async Task<MachineInfo> CollectAsync(string repoRoot)
    {
        string cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
            ?.Split(':', 2)[1].Trim() ?? "unknown";
        string memKb = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        string os = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                ?.Split('=', 2)[1].Trim('"') ?? "Linux"
            : RuntimeInformation.OSDescription;
        Dictionary<string, string> tools = new()
        {
            ["dotnet-sdk"] = await Cmd.VersionAsync("dotnet", "--version"),
            ["wrk"] = await Cmd.VersionAsync("wrk", "-v"),
            ["nginx"] = await Cmd.VersionAsync("nginx", "-v"),
            ["redis-server"] = await Cmd.VersionAsync("redis-server", "--version"),
            ["postgresql"] = SystemPrograms.PostgresServer.Path is string pg ? await Cmd.VersionAsync(Path.Combine(pg, "postgres"), "--version") : "not found",
            ["go"] = await Cmd.VersionAsync("go", "version"),
            ["node"] = await Cmd.VersionAsync("node", "--version"),
        };
        string commit = "unknown";
        if (Cmd.Exists("git"))
        {
            Cmd.Result r = await Cmd.RunAsync("git", ["-C", repoRoot, "rev-parse", "--short", "HEAD"], timeout: TimeSpan.FromSeconds(10));
            commit = r.ExitCode == 0 ? r.Output.Trim() : "none (no commit yet)";
            Cmd.Result dirty = await Cmd.RunAsync("git", ["-C", repoRoot, "status", "--porcelain", "--", "src"], timeout: TimeSpan.FromSeconds(10));
            if (dirty.ExitCode == 0 && dirty.Output.Trim().Length > 0)
            {
                commit += " + uncommitted changes in src/";
            }
        }

        return new MachineInfo(
            Environment.ProcessorCount, cpu,
            Math.Round(long.Parse(memKb, System.Globalization.CultureInfo.InvariantCulture) / 1024.0 / 1024.0, 1),
            os, File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), RuntimeInformation.FrameworkDescription, tools, commit,
            string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)));
    }
}
