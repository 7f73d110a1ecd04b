namespace LoadTests.Report;

/// <summary>The report as a list of blocks, rendered to Markdown and to HTML from the same source.</summary>
public sealed class ReportDocument
{
    public List<Block> Blocks { get; } = [];

    public void H(int level, string text) => Blocks.Add(new Heading(level, text));

    public void P(string text) => Blocks.Add(new Paragraph(text));

    public void Items(params IEnumerable<string> items) => Blocks.Add(new BulletList([.. items]));

    public void Table(string[] headers, IEnumerable<string[]> rows) => Blocks.Add(new TableBlock(headers, [.. rows]));

    public void Image(string file, string alt, byte[] png) => Blocks.Add(new ImageBlock(file, alt, png));

    public void Details(string summary, string text) => Blocks.Add(new DetailsBlock(summary, text));
}

public abstract record Block;

public sealed record Heading(int Level, string Text) : Block;

/// <summary>Text with Markdown inline marks: **bold** and `code`.</summary>
public sealed record Paragraph(string Text) : Block;

public sealed record BulletList(IReadOnlyList<string> Items) : Block;

public sealed record TableBlock(string[] Headers, IReadOnlyList<string[]> Rows) : Block;

/// <summary>A chart: a PNG file next to report.md, base64 inside report.html.</summary>
public sealed record ImageBlock(string File, string Alt, byte[] Png) : Block;

/// <summary>Preformatted text behind a disclosure (log tails, raw timelines).</summary>
public sealed record DetailsBlock(string Summary, string Text) : Block;
