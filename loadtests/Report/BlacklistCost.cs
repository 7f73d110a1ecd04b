using LoadTests.Load;

namespace LoadTests.Report;

/// <summary>
/// Why jwt-blacklist's /profile may fall short of stateless-jwt's: the extra CPU per request this run measured, set
/// beside what a CPU profile of both under the same load found (loadtests/README.md, "Where a /profile request's time goes").
/// </summary>
public static class BlacklistCost
{
    /// <summary>From the profile: what jwt-blacklist's requests cost beyond stateless-jwt's, in µs of ~21.6 (46k req/s on one core).</summary>
    public const string ProfileFinding =
        "a CPU profile of both under this load (loadtests/README.md) put jwt-blacklist's authentication at 2.4 % of a request's CPU "
        + "against stateless-jwt's 1.4 % (the revocation check itself 0.5 %, about 0.1 µs of 21.6), and 0.5–3 % more in thread-pool "
        + "workers its Redis timers wake: about 0.97–0.99 of stateless-jwt's throughput; a ratio further below is the machine's load "
        + "shifting between the halves of the pairs, which the CPU per request above shows when it stays close";

    /// <summary>The measured part: each side's CPU per request over the pairs (always shown), then, for a miss, the profile.</summary>
    public static string Explain(RunResults r, string target, string baseline, bool met) =>
        Cpu(r, target, baseline) + (met ? "" : "; " + ProfileFinding);

    private static string Cpu(RunResults r, string target, string baseline)
    {
        List<ProfilePair> pairs = [.. r.ProfilePairs.Where(p => p.Target == target && p.Baseline == baseline)];
        double? t = Targets.Median(pairs.Where(p => p.TargetCpuMicros > 0).Select(p => p.TargetCpuMicros));
        double? b = Targets.Median(pairs.Where(p => p.BaselineCpuMicros > 0).Select(p => p.BaselineCpuMicros));
        // Runs without the processes' own CPU time: the core is saturated on /profile, so its busy share over req/s.
        t ??= Targets.Median(pairs.Select(p => Saturated(p.TargetProfile)));
        b ??= Targets.Median(pairs.Select(p => Saturated(p.BaselineProfile)));
        return t is double tu && b is double bu && tu > 0
            ? $"; server process CPU per request {tu:0.0} against {bu:0.0} µs (medians of the halves: {tu - bu:+0.0;-0.0} µs, ratio {bu / tu:0.00})"
            : "";
    }

    private static double Saturated(WrkResult w) => w.Rps > 0 ? w.ServerCpuBusyPct / 100 * 1e6 / w.Rps : 0;
}
