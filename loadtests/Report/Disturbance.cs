using System.Globalization;

namespace LoadTests.Report;

/// <summary>Signs that something else used the machine during the run, written into the report's notes.</summary>
public static class Disturbance
{
    public static void Note(RunResults r)
    {
        double load = double.Parse(r.Machine.LoadAverageAtStart.Split(' ')[0], CultureInfo.InvariantCulture);
        if (load > 1.5)
        {
            r.Notes.Add($"**The machine was busy when the run started** (1-minute load average {load:0.0} on {r.Machine.Cores} cores): "
                + "other processes competed for the CPUs, so these figures are disturbed; rerun on a quiet machine before trusting them.");
        }

        List<HotPathRow> above = [.. r.HotPath.Where(h => h.Ratio > 1.05)];
        if (above.Count > 0)
        {
            r.Notes.Add("**Disturbed rounds**: /profile above its own ceiling in "
                + string.Join(", ", above.Select(h => $"round {h.Round} of {h.Target} ({h.Ratio:0.00})"))
                + ". Authenticated requests cannot be cheaper than unauthenticated ones: something else took the CPU during the ceiling run.");
        }

        double steal = r.HotPath.Where(h => h.Profile is not null).Select(h => h.Profile!.StealPct).DefaultIfEmpty(0).Max();
        if (steal > 5)
        {
            r.Notes.Add($"The hypervisor took up to {steal:0}% of the CPUs (steal) during a hot-path run.");
        }
    }
}
