using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoadTests.Report;

/// <summary>Writes results.json, charts/*.png, report.md and report.html into the output folder.</summary>
public static class ReportWriter
{
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // get-only lists and dictionaries are filled in place when results.json is read back
        PreferredObjectCreationHandling = JsonObjectCreationHandling.Populate,
    };

    /// <summary>Rewrites report.md, report.html and the charts from an earlier run's results.json.</summary>
    public static async Task<int> RenderAsync(string outDir)
    {
        string path = Path.Combine(outDir, "results.json");
        RunResults results = JsonSerializer.Deserialize<RunResults>(await File.ReadAllTextAsync(path), Json)
            ?? throw new InvalidOperationException($"{path} is empty");
        // Judged again from the measurements, so a newer judge (and its explanations) applies to an older run.
        results.Targets = Targets.Evaluate(results);
        await WriteAsync(results, outDir);
        Console.WriteLine($"report: {Path.Combine(outDir, "report.md")} (from {path})");
        return 0;
    }

    public static async Task WriteAsync(RunResults results, string outDir)
    {
        Directory.CreateDirectory(outDir);
        string charts = Path.Combine(outDir, "charts");
        if (Directory.Exists(charts))
        {
            Directory.Delete(charts, recursive: true);
        }

        Directory.CreateDirectory(charts);
        await File.WriteAllTextAsync(Path.Combine(outDir, "results.json"), JsonSerializer.Serialize(results, Json));
        ReportDocument doc = ReportBuilder.Build(results);
        foreach (ImageBlock img in doc.Blocks.OfType<ImageBlock>())
        {
            await File.WriteAllBytesAsync(Path.Combine(charts, img.File), img.Png);
        }

        await File.WriteAllTextAsync(Path.Combine(outDir, "report.md"), Renderers.Markdown(doc));
        await File.WriteAllTextAsync(Path.Combine(outDir, "report.html"), Renderers.Html(doc, "AuthServer: strategy comparison"));
    }
}
