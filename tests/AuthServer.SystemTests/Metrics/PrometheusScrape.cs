using System.Globalization;
using System.Text.RegularExpressions;

namespace AuthServer.SystemTests.Metrics;

/// <summary>The Prometheus text exposition format, read just enough to sum a metric's series by label.</summary>
internal sealed partial class PrometheusScrape(string text)
{
    public string Text { get; } = text;

    /// <summary>The sum over every series of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>; 0 when none.</summary>
    public double Sum(string metric, params (string Name, string Value)[] labels)
    {
        double total = 0;
        foreach (var line in Text.Split('\n'))
        {
            if (Sample().Match(line) is not { Success: true } match || match.Groups["name"].Value != metric)
            {
                continue;
            }

            var present = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (labels.All(l => present.TryGetValue(l.Name, out var value) && value == l.Value))
            {
                total += double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
