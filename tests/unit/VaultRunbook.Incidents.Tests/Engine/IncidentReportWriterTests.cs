using System.Text.Json;
using VaultRunbook.Engine.Incidents;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Incidents.Tests.Support;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Engine;

public sealed class IncidentReportWriterTests : IDisposable
{
    private const string Planted = "hvs.CAESIPlantedReportToken0123456789";
    private const string HostileTitle = "<script>alert('x')</script> vault & \"quotes\"";
    private static readonly DateTimeOffset Opened = new(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vaultrunbook-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static RunbookIncident Closed(string title = "vault-2 sealed after restart") => new()
    {
        Id = "INC-20261205-abcdef", Title = title, Severity = 2, OpenedAt = Opened, RespondBy = Opened.AddHours(1), EscalateBy = Opened.AddMinutes(30),
        Status = IncidentStatus.Closed, MitigatedAt = Opened.AddMinutes(18), ResolvedAt = Opened.AddMinutes(75), ClosedAt = Opened.AddMinutes(80), OpenedBy = "alice",
        Entries =
        [
            new() { IncidentId = "INC-20261205-abcdef", Time = Opened.AddMinutes(2), Kind = "VaultHealth", Summary = "https://vault-2:8200 is Sealed (v1.18.1)", Severity = SummarySeverity.Critical },
            new() { IncidentId = "INC-20261205-abcdef", Time = Opened.AddMinutes(5), Kind = "Rollout", Summary = "env 0%, kill switch on, revision 2", Severity = SummarySeverity.Warning },
            new() { IncidentId = "INC-20261205-abcdef", Time = Opened.AddMinutes(18), Kind = "Note", Summary = $"<b>services</b> on env | saw {Planted}", Milestone = IncidentMilestone.Mitigated },
            new() { IncidentId = "INC-20261205-abcdef", Time = Opened.AddMinutes(75), Kind = "Milestone", Summary = "Resolved", Milestone = IncidentMilestone.Resolved },
        ],
        Checklist =
        [
            new() { Name = "FallbackKeyRotated", Outcome = ChecklistOutcome.Passed, Evidence = "no fallback signature during the incident", CheckedBy = "journal" },
            new() { Name = "KillSwitchOff", Outcome = ChecklistOutcome.Passed, Evidence = "kill switch off", CheckedBy = "rollout state" },
            new() { Name = "VaultHealthy", Outcome = ChecklistOutcome.Passed, Evidence = "https://vault-2:8200 Active", CheckedBy = "vault" },
            new() { Name = "RootTokenRevoked", Outcome = ChecklistOutcome.Unknown, Evidence = "1 root token(s) generated", CheckedBy = "journal" },
        ],
    };

    private static IReadOnlyList<ActionRecord> Actions() =>
    [
        ActionRecord.Now("Unseal", "https://vault-2:8200", "Unsealed") with { Time = Opened.AddMinutes(60), User = "alice" },
        ActionRecord.Now("RevokeToken", "https://vault-2:8200", "Failed") with { Time = Opened.AddMinutes(70), User = "bob", ErrorId = "VaultRunbook.Token.Denied", Message = $"denied {Planted}" },
    ];

    [Fact]
    public void Markdown_has_every_section_the_timeline_the_actions_a_text_bar_and_the_checklist()
    {
        var md = IncidentReportWriter.Render(Closed(), Actions(), IncidentReportFormat.Markdown, Opened.AddHours(2));

        foreach (var heading in new[] { "# vault-2 sealed after restart", "## Summary", "## Timeline", "## Actions taken", "## Time to mitigate and resolve", "## Post-incident checklist" })
        {
            Assert.Contains(heading + "\n", md, StringComparison.Ordinal);
        }

        Assert.Contains("| 2026-12-05 14:02:00Z | VaultHealth | Critical | https://vault-2:8200 is Sealed (v1.18.1) |", md, StringComparison.Ordinal);
        Assert.Contains("| Note (Mitigated) | Info | &lt;b&gt;services&lt;/b&gt; on env \\| saw \\[redacted\\] |", md, StringComparison.Ordinal);
        Assert.Contains("| 2026-12-05 15:00:00Z | Unseal | Unseal https://vault-2:8200 -&gt; Unsealed | alice |", md, StringComparison.Ordinal);
        // 18 of 75 minutes: 7 of 30 cells; 75 of 75: all 30.
        Assert.Contains("Time to mitigate  " + new string('█', 7) + new string('░', 23) + " 18m 00s", md, StringComparison.Ordinal);
        Assert.Contains("Time to resolve   " + new string('█', 30) + " 1h 15m", md, StringComparison.Ordinal);
        Assert.Contains("| RootTokenRevoked | Unknown | 1 root token(s) generated | journal |", md, StringComparison.Ordinal);
        Assert.DoesNotContain(Planted, md, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_carries_the_same_facts_and_no_secret()
    {
        var json = IncidentReportWriter.Render(Closed(), Actions(), IncidentReportFormat.Json, Opened.AddHours(2));
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("INC-20261205-abcdef", root.GetProperty("incident").GetProperty("id").GetString());
        Assert.Equal(4, root.GetProperty("timeline").GetArrayLength());
        Assert.Equal(2, root.GetProperty("actions").GetArrayLength());
        Assert.Equal(18 * 60, root.GetProperty("durations").GetProperty("timeToMitigateSeconds").GetDouble());
        Assert.Equal(75 * 60, root.GetProperty("durations").GetProperty("timeToResolveSeconds").GetDouble());
        Assert.Equal("Unknown", root.GetProperty("checklist")[3].GetProperty("outcome").GetString());
        Assert.DoesNotContain(Planted, json, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_escapes_every_value_a_script_title_included()
    {
        var html = IncidentReportWriter.Render(Closed(HostileTitle), Actions(), IncidentReportFormat.Html, Opened.AddHours(2));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>services", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; vault &amp; &quot;quotes&quot;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Planted, html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal); // self-contained
    }

    [Fact]
    public async Task The_html_report_renders_in_chromium_with_its_sections_timeline_rows_and_svg_chart()
    {
        var path = await IncidentReportWriter.WriteAsync(_folder, Closed(HostileTitle), Actions(), IncidentReportFormat.Html, force: false, Opened.AddHours(2));
        Assert.Equal("2026-12-05-INC-20261205-abcdef-script-alert-x-script-vault-quotes.html", Path.GetFileName(path));

        var dom = HeadlessChromium.DumpDom(path);

        foreach (var section in new[] { "summary", "timeline", "actions", "durations", "checklist" })
        {
            Assert.Contains($"<section id=\"{section}\">", dom, StringComparison.Ordinal);
        }

        Assert.Equal(4, CountOf(dom, "class=\"timeline-row"));
        Assert.Equal(2, CountOf(dom, "class=\"action-row\""));
        Assert.Equal(4, CountOf(dom, "class=\"checklist-row\""));
        Assert.Contains("<svg id=\"duration-chart\"", dom, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(dom, "<rect class=\"bar\""));
        Assert.DoesNotContain("<script", dom, StringComparison.OrdinalIgnoreCase); // the title stayed text: no element was made of it
        Assert.Contains("&lt;script&gt;alert('x')&lt;/script&gt; vault &amp; \"quotes\"</h1>", dom, StringComparison.Ordinal);

        var png = Path.Combine(Path.GetTempPath(), "vaultrunbook-incident-report.png");
        HeadlessChromium.Screenshot(path, png);
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is (nearly) empty");
    }

    [Fact]
    public async Task An_existing_report_is_kept_without_force()
    {
        var first = await IncidentReportWriter.WriteAsync(_folder, Closed(), Actions(), IncidentReportFormat.Markdown, force: false, Opened);
        File.WriteAllText(first, "kept");

        var refused = await Assert.ThrowsAsync<IncidentException>(() => IncidentReportWriter.WriteAsync(_folder, Closed(), Actions(), IncidentReportFormat.Markdown, force: false, Opened));

        Assert.Equal("VaultRunbook.Incident.ReportExists", refused.ErrorId);
        Assert.Equal("kept", File.ReadAllText(first));
        Assert.Single(Directory.GetFiles(_folder)); // no temp file left behind
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
