using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Incidents;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Incidents;

/// <summary>
/// <para type="synopsis">Writes an incident's report (timeline, actions taken, time to mitigate and resolve, checklist) as Markdown, HTML or JSON into a docs folder.</para>
/// <para type="description">The report holds a summary (severity, deadlines, milestones), the timeline, the actions
/// the module took between the opening and the closing (or now, while open) from the action journal, a chart of the
/// time to mitigate and to resolve (a text bar in Markdown, inline SVG in HTML) and the post-incident checklist with
/// its evidence. HTML is one self-contained file (inline CSS and SVG, no script) with every value escaped. The file
/// is &lt;yyyy-MM-dd&gt;-&lt;id&gt;-&lt;slug of the title&gt;.md|html|json, written atomically (temp file and rename) into
/// -Path, for example the runbooks' docs/runbooks/incidents/; an existing report is replaced only with -Force. No
/// credential-looking value is written.</para>
/// <example><code>Get-RunbookIncident -Status Closed | Export-RunbookIncidentReport -Format Markdown, Html -Path ./docs/runbooks/incidents</code><para>Writes a Markdown and an HTML report of every closed incident into the docs folder, and outputs the files written.</para></example>
/// </summary>
[Cmdlet(VerbsData.Export, "RunbookIncidentReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportRunbookIncidentReportCommand : AsyncCmdlet
{
    private IncidentStore? _store;

    /// <summary>The incident's id; binds by property name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentId")]
    [ValidateNotNullOrEmpty]
    public string Id { get; set; } = string.Empty;

    /// <summary>Markdown, Html or Json; several give one file each.</summary>
    [Parameter]
    [ValidateSet("Markdown", "Html", "Json")]
    public string[] Format { get; set; } = ["Markdown"];

    /// <summary>The folder the report goes into (created if needed), for example docs/runbooks/incidents.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The incidents folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = IncidentLocation.DefaultHelp)]
    public string? IncidentFolder { get; set; }

    /// <summary>Replace a report that exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing() => _store = IncidentLocation.Open(this, IncidentFolder);

    protected override void ProcessRecord()
    {
        var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        RunbookIncident incident;
        IReadOnlyList<ActionRecord> actions;
        try
        {
            incident = _store!.Read(Id);
            var journalPath = JournalLocation.Resolve(this);
            actions = IncidentReportWriter.ActionsDuring(incident, new ActionJournal(journalPath).Read().Records, DateTimeOffset.UtcNow);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, Id);
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Create("VaultRunbook.Incident.Unreadable", ErrorCategory.ReadError, $"The incident {Id} or the action journal could not be read: {ex.Message}", Id));
            return;
        }

        foreach (var format in Format.Select(f => Enum.Parse<IncidentReportFormat>(f, ignoreCase: true)).Distinct())
        {
            var target = System.IO.Path.Combine(folder, IncidentReportWriter.FileName(incident, format));
            if (!ShouldProcess(target, $"Write the {format} report of {incident.Id}"))
            {
                continue;
            }

            try
            {
                var written = Run(_ => IncidentReportWriter.WriteAsync(folder, incident, actions, format, Force, DateTimeOffset.UtcNow));
                WriteObject(new FileInfo(written));
            }
            catch (EngineException ex) when (ex.ErrorId == "VaultRunbook.Incident.ReportExists")
            {
                WriteEngineError(ex);
            }
            catch (EngineException ex)
            {
                ThrowEngineError(ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.Create("VaultRunbook.Incident.WriteFailed", ErrorCategory.WriteError, $"The report '{target}' could not be written: {ex.Message}", target));
            }
        }
    }
}
