using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// Renders an incident's report (summary, timeline, the actions taken from the action journal, a chart of the time to
/// mitigate and to resolve, the checklist) as Markdown, self-contained HTML (inline CSS and SVG, every value escaped)
/// or JSON, and writes it atomically as &lt;yyyy-MM-dd&gt;-&lt;id&gt;-&lt;slug&gt;.&lt;ext&gt; into a docs-style folder
/// (docs/runbooks/incidents/). Every value is scrubbed of credential-looking text on the way out as well.
/// </summary>
public static class IncidentReportWriter
{
    private const int BarWidth = 30;

    /// <summary>The journal records between the opening and the closing (or <paramref name="now"/> while open).</summary>
    public static IReadOnlyList<ActionRecord> ActionsDuring(RunbookIncident incident, IEnumerable<ActionRecord> journal, DateTimeOffset now)
    {
        var end = incident.ClosedAt ?? now;
        return journal.Where(r => r.Time >= incident.OpenedAt && r.Time <= end).OrderBy(r => r.Time).ToList();
    }

    /// <summary>&lt;yyyy-MM-dd of the opening, UTC&gt;-&lt;id&gt;-&lt;slug of the title&gt;.&lt;md|html|json&gt;.</summary>
    public static string FileName(RunbookIncident incident, IncidentReportFormat format) =>
        $"{incident.OpenedAt.UtcDateTime:yyyy-MM-dd}-{incident.Id}-{Slug(incident.Title)}.{Extension(format)}";

    public static string Render(RunbookIncident incident, IReadOnlyList<ActionRecord> actions, IncidentReportFormat format, DateTimeOffset generatedAt)
    {
        var report = ReportData.From(incident, actions, generatedAt);
        return format switch
        {
            IncidentReportFormat.Markdown => Markdown(report),
            IncidentReportFormat.Html => Html(report),
            _ => JsonReport(report),
        };
    }

    /// <summary>Writes the report into <paramref name="folder"/> (created if needed) through a temp file and a rename.</summary>
    /// <exception cref="IncidentException">VaultRunbook.Incident.ReportExists: the file is there and <paramref name="force"/> is not set.</exception>
    /// <exception cref="ConfigurationException">VaultRunbook.Incident.ReportFolderIsFile, VaultRunbook.Incident.ReportIsDirectory.</exception>
    public static async Task<string> WriteAsync(string folder, RunbookIncident incident, IReadOnlyList<ActionRecord> actions, IncidentReportFormat format, bool force, DateTimeOffset generatedAt)
    {
        var full = Path.GetFullPath(folder);
        if (File.Exists(full))
        {
            throw new ConfigurationException("VaultRunbook.Incident.ReportFolderIsFile", $"The report folder '{full}' is a file; give a folder.") { Target = full };
        }

        var path = Path.Combine(full, FileName(incident, format));
        FileChecks.NotADirectory(path, "VaultRunbook.Incident.Report", "the report file");
        if (File.Exists(path) && !force)
        {
            throw Exists(path);
        }

        var text = Render(incident, actions, format, generatedAt);
        Directory.CreateDirectory(full);
        try
        {
            await FilePermissions.WriteAtomicAsync(path, ownerOnly: false, overwrite: force, async stream =>
            {
                await stream.WriteAsync(new UTF8Encoding(false).GetBytes(text)).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }
        catch (IOException ex) when (!force && File.Exists(path))
        {
            throw Exists(path, ex);
        }

        return path;
    }

    private static IncidentException Exists(string path, Exception? inner = null) =>
        new("VaultRunbook.Incident.ReportExists", ErrorKind.ResourceExists, $"The report '{path}' exists; use -Force to replace it.", inner) { Target = path };

    private static string Extension(IncidentReportFormat format) => format switch
    {
        IncidentReportFormat.Markdown => "md",
        IncidentReportFormat.Html => "html",
        _ => "json",
    };

    internal static string Slug(string title)
    {
        var slug = new StringBuilder();
        foreach (var c in SecretScrubber.Scrub(title).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().Trim('-');
        text = text.Length > 50 ? text[..50].TrimEnd('-') : text;
        return text.Length == 0 ? "incident" : text;
    }

    /// <summary>"1h 05m", "42m 10s", "2d 03h"; "not recorded" when unknown.</summary>
    internal static string Duration(TimeSpan? span)
    {
        if (span is not { } d)
        {
            return "not recorded";
        }

        d = d < TimeSpan.Zero ? TimeSpan.Zero : d;
        return d.TotalDays >= 1 ? $"{(int)d.TotalDays}d {d.Hours:00}h"
            : d.TotalHours >= 1 ? $"{(int)d.TotalHours}h {d.Minutes:00}m"
            : $"{(int)d.TotalMinutes}m {d.Seconds:00}s";
    }

    private static string Time(DateTimeOffset? time) =>
        time is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-";

    private static string Markdown(ReportData r)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(Md(r.Incident.Title)).Append("\n\n## Summary\n\n| Field | Value |\n| --- | --- |\n");
        foreach (var (name, value) in r.Facts)
        {
            md.Append("| ").Append(name).Append(" | ").Append(Md(value)).Append(" |\n");
        }

        MarkdownTable(md, "Timeline", r.Timeline);
        MarkdownTable(md, "Actions taken", r.Actions);
        md.Append("\n## Time to mitigate and resolve\n\n```text\n");
        foreach (var (label, span) in r.Durations)
        {
            var filled = span is { } s && r.Scale > TimeSpan.Zero ? (int)Math.Round(BarWidth * (s / r.Scale)) : 0;
            md.Append(label.PadRight(17)).Append(' ').Append(new string('█', filled)).Append(new string('░', BarWidth - filled)).Append(' ').Append(Duration(span)).Append('\n');
        }

        md.Append("```\n");
        MarkdownTable(md, "Post-incident checklist", r.Checklist);
        md.Append("\n_Generated ").Append(Time(r.GeneratedAt)).Append(" by VaultRunbook._\n");
        return md.ToString();
    }

    private static void MarkdownTable(StringBuilder md, string heading, Table table)
    {
        md.Append("\n## ").Append(heading).Append("\n\n");
        if (table.Rows.Count == 0)
        {
            md.Append(table.Empty).Append('\n');
            return;
        }

        md.Append("| ").AppendJoin(" | ", table.Headers).Append(" |\n|").Append(string.Concat(table.Headers.Select(_ => " --- |"))).Append('\n');
        foreach (var row in table.Rows)
        {
            md.Append("| ").AppendJoin(" | ", row.Cells.Select(Md)).Append(" |\n");
        }
    }

    private static string Html(ReportData r)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
         .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
         .Append("<title>").Append(E(r.Incident.Id)).Append(": ").Append(E(r.Incident.Title)).Append("</title>\n<style>\n")
         .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#1f2328;line-height:1.45}\n")
         .Append("h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem;margin-top:2rem}\n")
         .Append("table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}\n")
         .Append("th{background:#f6f8fa}td.time{white-space:nowrap;font-family:ui-monospace,monospace;font-size:.85rem}\n")
         .Append(".sev{display:inline-block;padding:.1rem .45rem;border-radius:.6rem;font-size:.8rem;font-weight:600}\n")
         .Append(".Info{background:#ddf4ff;color:#0550ae}.Warning{background:#fff8c5;color:#7d4e00}.Error{background:#ffebe9;color:#a40e26}.Critical{background:#a40e26;color:#fff}\n")
         .Append(".Passed{background:#dafbe1;color:#116329}.Failed{background:#ffebe9;color:#a40e26}.Unknown{background:#eaeef2;color:#57606a}\n")
         .Append("#summary th{width:11rem;white-space:nowrap}.milestone{font-weight:600}.muted{color:#57606a}\n</style>\n</head>\n<body>\n");
        h.Append("<header><h1 id=\"title\">").Append(E(r.Incident.Title)).Append("</h1><p class=\"muted\">").Append(E(r.Incident.Id)).Append(" · Sev").Append(r.Incident.Severity)
         .Append(" · ").Append(E(r.Incident.Status.ToString())).Append("</p></header>\n");

        h.Append("<section id=\"summary\"><h2>Summary</h2><table>\n");
        foreach (var (name, value) in r.Facts)
        {
            h.Append("<tr><th scope=\"row\">").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        }

        h.Append("</table></section>\n");
        HtmlTable(h, "timeline", "Timeline", r.Timeline);
        HtmlTable(h, "actions", "Actions taken", r.Actions);
        h.Append("<section id=\"durations\"><h2>Time to mitigate and resolve</h2>\n").Append(Chart(r)).Append("</section>\n");
        HtmlTable(h, "checklist", "Post-incident checklist", r.Checklist);
        h.Append("<footer><p class=\"muted\">Generated ").Append(E(Time(r.GeneratedAt))).Append(" by VaultRunbook.</p></footer>\n</body>\n</html>\n");
        return h.ToString();
    }

    // A section with one table; the Time column is monospace, the badge column (severity, outcome) a coloured pill.
    private static void HtmlTable(StringBuilder h, string id, string heading, Table table)
    {
        h.Append("<section id=\"").Append(id).Append("\"><h2>").Append(E(heading)).Append("</h2>\n");
        if (table.Rows.Count == 0)
        {
            h.Append("<p>").Append(E(table.Empty)).Append("</p>\n</section>\n");
            return;
        }

        h.Append("<table><thead><tr>").Append(string.Concat(table.Headers.Select(c => $"<th>{E(c)}</th>"))).Append("</tr></thead><tbody>\n");
        foreach (var row in table.Rows)
        {
            h.Append("<tr class=\"").Append(id == "actions" ? "action" : id == "checklist" ? "checklist" : "timeline").Append("-row").Append(row.Milestone ? " milestone" : string.Empty).Append("\">");
            for (var i = 0; i < row.Cells.Length; i++)
            {
                h.Append(table.Headers[i] == "Time" ? "<td class=\"time\">" : "<td>")
                 .Append(i == table.BadgeColumn ? $"<span class=\"sev {E(row.Cells[i])}\">{E(row.Cells[i])}</span>" : E(row.Cells[i])).Append("</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</tbody></table>\n</section>\n");
    }

    // Two horizontal bars on one scale, labelled with the durations; a missing one is a grey "not recorded" row.
    private static string Chart(ReportData r)
    {
        const int labelWidth = 150, plotWidth = 560, rowHeight = 44, top = 16;
        var height = top + (r.Durations.Count * rowHeight) + 28;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg id=\"duration-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{labelWidth + plotWidth + 110}\" height=\"{height}\" role=\"img\" aria-labelledby=\"chart-title\">")
           .Append("<title id=\"chart-title\">Time to mitigate and to resolve</title>\n")
           .Append(CultureInfo.InvariantCulture, $"<line x1=\"{labelWidth}\" y1=\"{top - 6}\" x2=\"{labelWidth}\" y2=\"{height - 22}\" stroke=\"#57606a\"/>\n");
        for (var i = 0; i < r.Durations.Count; i++)
        {
            var (label, span) = r.Durations[i];
            var y = top + (i * rowHeight);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth - 10}\" y=\"{y + 19}\" text-anchor=\"end\" font-size=\"14\" fill=\"#1f2328\">{E(label)}</text>");
            if (span is { } s && r.Scale > TimeSpan.Zero)
            {
                var width = Math.Max(2, (int)Math.Round(plotWidth * (s / r.Scale)));
                var color = i == 0 ? "#bf8700" : "#1a7f37";
                svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{labelWidth}\" y=\"{y + 4}\" width=\"{width}\" height=\"22\" rx=\"3\" fill=\"{color}\"/>")
                   .Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + width + 8}\" y=\"{y + 20}\" font-size=\"13\" fill=\"#1f2328\">{E(Duration(s))}</text>\n");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + 8}\" y=\"{y + 20}\" font-size=\"13\" fill=\"#57606a\">not recorded</text>\n");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth}\" y=\"{height - 6}\" font-size=\"12\" fill=\"#57606a\">0</text>")
           .Append(CultureInfo.InvariantCulture, $"<text x=\"{labelWidth + plotWidth}\" y=\"{height - 6}\" text-anchor=\"end\" font-size=\"12\" fill=\"#57606a\">{E(Duration(r.Scale))}</text>\n</svg>\n");
        return svg.ToString();
    }

    private static string JsonReport(ReportData r) => JsonSerializer.Serialize(
        new
        {
            incident = new
            {
                r.Incident.Id, r.Incident.Title, r.Incident.Severity, Status = r.Incident.Status.ToString(), r.Incident.OpenedAt, r.Incident.RespondBy, r.Incident.EscalateBy,
                r.Incident.MitigatedAt, r.Incident.ResolvedAt, r.Incident.ClosedAt, r.Incident.ClosedWithForce, r.Incident.OpenedBy,
            },
            timeline = r.Entries,
            actions = r.ActionRows,
            durations = new
            {
                timeToMitigateSeconds = r.Incident.TimeToMitigate?.TotalSeconds,
                timeToResolveSeconds = r.Incident.TimeToResolve?.TotalSeconds,
            },
            checklist = r.Incident.Checklist,
            generatedAt = r.GeneratedAt,
        },
        new JsonSerializerOptions(IncidentStore.Json) { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never });

    private static string E(string? text) => WebUtility.HtmlEncode(SecretScrubber.Scrub(text));

    private static string Md(string? text)
    {
        var clean = SecretScrubber.Scrub(text).ReplaceLineEndings(" ");
        var md = new StringBuilder(clean.Length);
        foreach (var c in clean)
        {
            _ = c switch
            {
                '<' => md.Append("&lt;"),
                '>' => md.Append("&gt;"),
                '&' => md.Append("&amp;"),
                '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' => md.Append('\\').Append(c),
                _ => md.Append(c),
            };
        }

        return md.ToString();
    }

    private sealed record Row(string[] Cells, bool Milestone = false);

    private sealed record Table(string[] Headers, IReadOnlyList<Row> Rows, string Empty, int BadgeColumn = -1);

    private sealed record ActionRow(DateTimeOffset Time, string Action, string Summary, string User, string Outcome);

    // What every format shows, scrubbed once.
    private sealed record ReportData(
        RunbookIncident Incident,
        IReadOnlyList<RunbookIncidentEntry> Entries,
        IReadOnlyList<ActionRow> ActionRows,
        IReadOnlyList<(string Label, TimeSpan? Span)> Durations,
        TimeSpan Scale,
        IReadOnlyList<(string Name, string Value)> Facts,
        DateTimeOffset GeneratedAt)
    {
        public Table Timeline => new(
            ["Time", "Kind", "Severity", "Summary"],
            Entries.Select(e => new Row([Time(e.Time), e.Milestone is { } m ? $"{e.Kind} ({m})" : e.Kind, e.Severity.ToString(), e.Summary], e.Milestone is not null)).ToList(),
            "No entries.",
            BadgeColumn: 2);

        public Table Actions => new(
            ["Time", "Action", "Summary", "User"],
            ActionRows.Select(a => new Row([Time(a.Time), a.Action, a.Summary, a.User])).ToList(),
            "No action recorded in the action journal during the incident.");

        public Table Checklist => new(
            ["Item", "Outcome", "Evidence", "Checked by"],
            Incident.Checklist.Select(i => new Row([i.Name, i.Outcome.ToString(), i.Evidence, i.CheckedBy])).ToList(),
            "Not run yet: the incident is open.",
            BadgeColumn: 1);

        public static ReportData From(RunbookIncident incident, IReadOnlyList<ActionRecord> actions, DateTimeOffset generatedAt)
        {
            var timeline = incident.Entries.OrderBy(e => e.Time).Select(e => e with
            {
                Summary = SecretScrubber.Scrub(e.Summary),
                Properties = e.Properties.ToDictionary(p => p.Key, p => SecretScrubber.Scrub(p.Value)),
            }).ToList();
            var rows = actions.Select(a => new ActionRow(a.Time, a.Action, RunbookObjectSummarizer.Summarize(a).Summary, a.SudoUser is { } sudo ? $"{a.User} (sudo by {sudo})" : a.User, a.Outcome)).ToList();
            List<(string, TimeSpan?)> durations = [("Time to mitigate", incident.TimeToMitigate), ("Time to resolve", incident.TimeToResolve)];
            var scale = durations.Select(d => d.Item2 ?? TimeSpan.Zero).Max();
            List<(string, string)> facts =
            [
                ("Id", incident.Id),
                ("Severity", $"Sev{incident.Severity}"),
                ("Status", incident.Status + (incident.ClosedWithForce ? " (closed with -Force)" : string.Empty)),
                ("Opened", $"{Time(incident.OpenedAt)}{(incident.OpenedBy is { } by ? $" by {by}" : string.Empty)}"),
                ("Respond by", Time(incident.RespondBy)),
                ("Escalate by", incident.EscalateBy is null ? "no escalation (Sev4)" : Time(incident.EscalateBy)),
                ("Mitigated", Time(incident.MitigatedAt)),
                ("Resolved", Time(incident.ResolvedAt)),
                ("Closed", Time(incident.ClosedAt)),
                ("Time to mitigate", Duration(incident.TimeToMitigate)),
                ("Time to resolve", Duration(incident.TimeToResolve)),
            ];
            return new ReportData(incident with { Title = SecretScrubber.Scrub(incident.Title) }, timeline, rows, durations, scale, facts, generatedAt);
        }
    }
}
