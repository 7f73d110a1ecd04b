using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace LoadTests.Report;

/// <summary>Markdown and self-contained HTML from one <see cref="ReportDocument"/>.</summary>
public static partial class Renderers
{
    public static string Markdown(ReportDocument doc)
    {
        StringBuilder sb = new();
        foreach (Block b in doc.Blocks)
        {
            switch (b)
            {
                case Heading h:
                    sb.Append('#', h.Level).Append(' ').AppendLine(h.Text).AppendLine();
                    break;
                case Paragraph p:
                    sb.AppendLine(p.Text).AppendLine();
                    break;
                case BulletList l:
                    foreach (string i in l.Items)
                    {
                        sb.Append("- ").AppendLine(i);
                    }

                    sb.AppendLine();
                    break;
                case TableBlock t:
                    sb.AppendLine("| " + string.Join(" | ", t.Headers.Select(Cell)) + " |");
                    sb.AppendLine("|" + string.Concat(t.Headers.Select(_ => "---|")));
                    foreach (string[] row in t.Rows)
                    {
                        sb.AppendLine("| " + string.Join(" | ", row.Select(Cell)) + " |");
                    }

                    sb.AppendLine();
                    break;
                case ImageBlock img:
                    sb.AppendLine($"![{img.Alt}](charts/{img.File})").AppendLine();
                    break;
                case DetailsBlock d:
                    sb.AppendLine($"<details><summary>{WebUtility.HtmlEncode(d.Summary)}</summary>").AppendLine();
                    sb.AppendLine("```").AppendLine(d.Text.TrimEnd()).AppendLine("```").AppendLine();
                    sb.AppendLine("</details>").AppendLine();
                    break;
                default:
                    break;
            }
        }

        return sb.ToString();

        static string Cell(string s) => s.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    }

    public static string Html(ReportDocument doc, string title)
    {
        StringBuilder sb = new();
        sb.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .AppendLine($"<title>{WebUtility.HtmlEncode(title)}</title>")
            .AppendLine("""
                <style>
                body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
                table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
                th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
                th { background: #f3f3f3; }
                td.met { background: #e5f6e5; } td.missed { background: #fbe3e3; } td.nm { background: #f6f1dc; }
                code { background: #f3f3f3; padding: 0 0.2em; }
                pre { background: #f7f7f7; padding: 0.8em; overflow-x: auto; font-size: 0.85em; }
                img { max-width: 100%; border: 1px solid #eee; }
                </style>
                </head><body>
                """);
        foreach (Block b in doc.Blocks)
        {
            switch (b)
            {
                case Heading h:
                    sb.AppendLine($"<h{h.Level}>{Inline(h.Text)}</h{h.Level}>");
                    break;
                case Paragraph p:
                    sb.AppendLine($"<p>{Inline(p.Text)}</p>");
                    break;
                case BulletList l:
                    sb.AppendLine("<ul>" + string.Concat(l.Items.Select(i => $"<li>{Inline(i)}</li>")) + "</ul>");
                    break;
                case TableBlock t:
                    sb.AppendLine("<table><thead><tr>" + string.Concat(t.Headers.Select(x => $"<th>{Inline(x)}</th>")) + "</tr></thead><tbody>");
                    foreach (string[] row in t.Rows)
                    {
                        sb.AppendLine("<tr>" + string.Concat(row.Select(c => $"<td{StatusClass(c)}>{Inline(c)}</td>")) + "</tr>");
                    }

                    sb.AppendLine("</tbody></table>");
                    break;
                case ImageBlock img:
                    sb.AppendLine($"<p><img alt=\"{WebUtility.HtmlEncode(img.Alt)}\" src=\"data:image/png;base64,{Convert.ToBase64String(img.Png)}\"></p>");
                    break;
                case DetailsBlock d:
                    sb.AppendLine($"<details><summary>{WebUtility.HtmlEncode(d.Summary)}</summary><pre>{WebUtility.HtmlEncode(d.Text)}</pre></details>");
                    break;
                default:
                    break;
            }
        }

        return sb.AppendLine("</body></html>").ToString();
    }

    private static string StatusClass(string cell) => cell switch
    {
        "**met**" or "met" => " class=\"met\"",
        "**missed**" or "missed" => " class=\"missed\"",
        "not measured" => " class=\"nm\"",
        _ => "",
    };

    private static string Inline(string text)
    {
        string s = WebUtility.HtmlEncode(text);
        s = Bold().Replace(s, "<strong>$1</strong>");
        return Code().Replace(s, "<code>$1</code>");
    }

    [GeneratedRegex(@"\*\*(.+?)\*\*")]
    private static partial Regex Bold();

    [GeneratedRegex("`(.+?)`")]
    private static partial Regex Code();
}
