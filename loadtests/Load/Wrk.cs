using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoadTests.Infra;

namespace LoadTests.Load;

/// <summary>One wrk measurement (its Lua done() line) plus how busy the two CPUs were meanwhile.</summary>
public sealed record WrkResult(
    [property: JsonPropertyName("requests")] long Requests,
    [property: JsonPropertyName("duration_s")] double DurationS,
    [property: JsonPropertyName("rps")] double Rps,
    [property: JsonPropertyName("p50_ms")] double P50Ms,
    [property: JsonPropertyName("p90_ms")] double P90Ms,
    [property: JsonPropertyName("p99_ms")] double P99Ms,
    [property: JsonPropertyName("max_ms")] double MaxMs,
    [property: JsonPropertyName("non2xx")] long Non2xx,
    [property: JsonPropertyName("socket_errors")] long SocketErrors)
{
    public double ServerCpuBusyPct { get; init; }
    public double WrkCpuBusyPct { get; init; }
    public double StealPct { get; init; }
}

/// <summary>Runs wrk (fixed connections, one thread) pinned to the load CPU, with a Lua script that sets the bearer header.</summary>
public sealed class Wrk(string workDir, string wrkCpu, string serverCpu)
{
    // Same shape as shared/bench/hotpath.lua: header from script arg 1, one JSON line at the end.
    private const string Script = """
        function init(args)
          if args[1] and args[1] ~= "" then wrk.headers["Authorization"] = args[1] end
        end
        function done(summary, latency, requests)
          local e = summary.errors
          local secs = summary.duration / 1e6
          io.write(string.format(
            '{"requests":%d,"duration_s":%.3f,"rps":%.1f,"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
            '"non2xx":%d,"socket_errors":%d}\n',
            summary.requests, secs, summary.requests / secs,
            latency:percentile(50) / 1e3, latency:percentile(90) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3,
            e.status, e.connect + e.read + e.write + e.timeout))
        end
        """;

    private readonly string _scriptPath = Path.Combine(workDir, "bearer.lua");

    public async Task<WrkResult> RunAsync(Uri url, string? bearer, TimeSpan duration, int connections, CancellationToken ct)
    {
        if (!File.Exists(_scriptPath))
        {
            await File.WriteAllTextAsync(_scriptPath, Script, ct);
        }

        int secs = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        int cpuA = int.Parse(serverCpu, CultureInfo.InvariantCulture), cpuB = int.Parse(wrkCpu, CultureInfo.InvariantCulture);
        CpuTicks a0 = CpuTicks.Read(cpuA), b0 = CpuTicks.Read(cpuB);
        Cmd.Result r = await Cmd.RunAsync("taskset",
            ["-c", wrkCpu, "wrk", "-t1", $"-c{connections}", $"-d{secs}s", "--timeout", "5s", "-s", _scriptPath, url.ToString(),
             "--", bearer is null ? "" : "Bearer " + bearer],
            timeout: TimeSpan.FromSeconds(secs + 30), ct: ct);
        CpuTicks a1 = CpuTicks.Read(cpuA), b1 = CpuTicks.Read(cpuB);
        string? line = r.Output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (r.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"wrk failed on {url}: {r.Output}");
        }

        WrkResult res = JsonSerializer.Deserialize<WrkResult>(line) ?? throw new InvalidOperationException("wrk printed no result");
        return res with
        {
            ServerCpuBusyPct = CpuTicks.BusyPct(a0, a1),
            WrkCpuBusyPct = CpuTicks.BusyPct(b0, b1),
            StealPct = (CpuTicks.StealPct(a0, a1) + CpuTicks.StealPct(b0, b1)) / 2,
        };
    }

    /// <summary>One CPU's jiffies from /proc/stat: busy (all but idle and iowait), total, steal.</summary>
    private readonly record struct CpuTicks(long Busy, long Total, long Steal)
    {
        public static CpuTicks Read(int cpu)
        {
            foreach (string line in File.ReadLines("/proc/stat"))
            {
                string[] f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f[0] == $"cpu{cpu}")
                {
                    long[] v = [.. f.Skip(1).Take(8).Select(x => long.Parse(x, CultureInfo.InvariantCulture))];
                    long total = v.Sum();
                    return new CpuTicks(total - v[3] - v[4], total, v[7]);
                }
            }

            return default;
        }

        public static double BusyPct(CpuTicks a, CpuTicks b) =>
            b.Total > a.Total ? Math.Round(100.0 * (b.Busy - a.Busy) / (b.Total - a.Total)) : 0;

        public static double StealPct(CpuTicks a, CpuTicks b) =>
            b.Total > a.Total ? Math.Round(100.0 * (b.Steal - a.Steal) / (b.Total - a.Total)) : 0;
    }
}
