using LoadTests.Load;
using ScottPlot;

namespace LoadTests.Report;

/// <summary>The report's charts as PNG bytes (ScottPlot renders headless).</summary>
public static class Charts
{
    private static readonly Color s_ceiling = Color.FromHex("#9ecae1");
    private static readonly Color s_profile = Color.FromHex("#3182bd");
    private static readonly Color s_ok = Color.FromHex("#31a354");
    private static readonly Color s_unauthorized = Color.FromHex("#fd8d3c");
    private static readonly Color s_unavailable = Color.FromHex("#de2d26");
    private static readonly Color s_other = Color.FromHex("#756bb1");

    /// <summary>Median requests/s per server: ceiling and /profile side by side.</summary>
    public static byte[] HotPath(IReadOnlyList<(string Name, double Ceiling, double Profile)> rows)
    {
        Plot plt = new();
        List<Bar> bars = [];
        for (int i = 0; i < rows.Count; i++)
        {
            bars.Add(new Bar { Position = (i * 3) + 0, Value = rows[i].Ceiling, FillColor = s_ceiling });
            bars.Add(new Bar { Position = (i * 3) + 1, Value = rows[i].Profile, FillColor = s_profile });
        }

        plt.Add.Bars(bars);
        Ticks(plt, [.. rows.Select((_, i) => (i * 3) + 0.5)], [.. rows.Select(r => r.Name)]);
        Legend(plt, ("ceiling (/ping or /health/live)", s_ceiling), ("GET /profile", s_profile));
        plt.Title("Hot path: requests per second (median over rounds)");
        plt.YLabel("requests/s");
        plt.Axes.Margins(bottom: 0);
        return plt.GetImageBytes(900, 420, ImageFormat.Png);
    }

    /// <summary>/profile latency percentiles per server.</summary>
    public static byte[] Latency(IReadOnlyList<(string Name, double P50, double P90, double P99)> rows)
    {
        Plot plt = new();
        Color[] colors = [Color.FromHex("#c6dbef"), Color.FromHex("#6baed6"), Color.FromHex("#08519c")];
        List<Bar> bars = [];
        for (int i = 0; i < rows.Count; i++)
        {
            double[] v = [rows[i].P50, rows[i].P90, rows[i].P99];
            for (int k = 0; k < 3; k++)
            {
                bars.Add(new Bar { Position = (i * 4) + k, Value = v[k], FillColor = colors[k] });
            }
        }

        plt.Add.Bars(bars);
        Ticks(plt, [.. rows.Select((_, i) => (i * 4) + 1.0)], [.. rows.Select(r => r.Name)]);
        Legend(plt, ("p50", colors[0]), ("p90", colors[1]), ("p99", colors[2]));
        plt.Title("GET /profile latency under fixed concurrency (median over rounds)");
        plt.YLabel("milliseconds");
        plt.Axes.Margins(bottom: 0);
        return plt.GetImageBytes(900, 420, ImageFormat.Png);
    }

    /// <summary>Responses per second by class, with the events (kill, restart, promotion) marked.</summary>
    public static byte[] Timeline(string strategy, TimelineResult t, string title = "Redis killed and restarted under steady /profile load")
    {
        Plot plt = new();
        // Each count covers [s, s+1): plot it at the middle of its second.
        double[] xs = [.. t.Seconds.Select(s => s.Second + 0.5)];
        Line(plt, xs, [.. t.Seconds.Select(s => (double)s.Ok)], "2xx", s_ok);
        Line(plt, xs, [.. t.Seconds.Select(s => (double)s.Unavailable)], "503", s_unavailable);
        Line(plt, xs, [.. t.Seconds.Select(s => (double)s.Unauthorized)], "401", s_unauthorized);
        Line(plt, xs, [.. t.Seconds.Select(s => (double)(s.Other + s.Errors))], "other / error", s_other);
        foreach (TimelineEvent e in t.Events)
        {
            var v = plt.Add.VerticalLine(e.AtSeconds);
            v.Color = Colors.Black;
            v.LinePattern = LinePattern.Dashed;
            v.LabelText = e.What.Contains("restarted", StringComparison.Ordinal) ? "restart"
                : e.What.Contains("killed", StringComparison.Ordinal) ? "kill"
                : e.What.Contains("promoted", StringComparison.Ordinal) ? "promoted" : e.What;
        }

        plt.ShowLegend(Edge.Right);
        plt.Title($"{strategy}: {title}");
        plt.XLabel("second");
        plt.YLabel("responses/s");
        plt.Axes.Margins(bottom: 0);
        return plt.GetImageBytes(900, 330, ImageFormat.Png);
    }

    /// <summary>/profile through nginx: one upstream against three, per strategy.</summary>
    public static byte[] ScaleOut(IReadOnlyList<(string Name, double One, double Three)> rows)
    {
        Plot plt = new();
        Color one = Color.FromHex("#a1d99b"), three = Color.FromHex("#31a354");
        List<Bar> bars = [];
        for (int i = 0; i < rows.Count; i++)
        {
            bars.Add(new Bar { Position = i * 3, Value = rows[i].One, FillColor = one });
            bars.Add(new Bar { Position = (i * 3) + 1, Value = rows[i].Three, FillColor = three });
        }

        plt.Add.Bars(bars);
        Ticks(plt, [.. rows.Select((_, i) => (i * 3) + 0.5)], [.. rows.Select(r => r.Name)]);
        Legend(plt, ("1 instance behind nginx", one), ("3 instances behind nginx", three));
        plt.Title("Scale-out: GET /profile through nginx round robin");
        plt.YLabel("requests/s");
        plt.Axes.Margins(bottom: 0);
        return plt.GetImageBytes(900, 380, ImageFormat.Png);
    }

    private static void Line(Plot plt, double[] xs, double[] ys, string label, Color color)
    {
        var s = plt.Add.Scatter(xs, ys);
        s.LegendText = label;
        s.Color = color;
        s.LineWidth = 2;
        s.MarkerSize = 3;
    }

    private static void Ticks(Plot plt, double[] positions, string[] labels)
    {
        plt.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plt.Axes.Bottom.MajorTickStyle.Length = 0;
    }

    private static void Legend(Plot plt, params (string Label, Color Color)[] items)
    {
        foreach ((string label, Color color) in items)
        {
            plt.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        }

        plt.ShowLegend(Alignment.UpperRight);
    }
}
