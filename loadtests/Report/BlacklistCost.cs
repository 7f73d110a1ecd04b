namespace LoadTests.Report;

/// <summary>
/// Why jwt-blacklist's /profile may fall short of stateless-jwt's: the extra CPU per request this run implies, set beside
/// what a CPU profile of both under the same load found (loadtests/README.md, "Where a /profile request's time goes").
/// </summary>
public static class BlacklistCost
{
    /// <summary>From the profile (perf, both servers under wrk, see the README): what the revocation check costs per request.</summary>
    public const string ProfileFinding = "PROFILE-FINDING";

    public static string Explain(RunResults r, string target, string baseline)
    {
        List<ProfilePair> pairs = [.. r.ProfilePairs.Where(p => p.Target == target && p.Baseline == baseline)];
        // The server's core is saturated on /profile, so CPU time per request is its busy share over the rate.
        double? t = Targets.Median(pairs.Select(p => CpuMicros(p.TargetProfile))), b = Targets.Median(pairs.Select(p => CpuMicros(p.BaselineProfile)));
        string implied = t is double tu && b is double bu
            ? $"; the pairs imply {tu - bu:0.0} µs more server CPU per request ({tu:0.0} against {bu:0.0} µs)"
            : "";
        return implied + "; " + ProfileFinding;
    }

    private static double CpuMicros(Load.WrkResult w) => w.Rps > 0 ? w.ServerCpuBusyPct / 100 * 1e6 / w.Rps : 0;
}
