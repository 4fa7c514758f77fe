using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Incidents;

namespace VaultRunbook.Cmdlets.Incidents;

/// <summary>
/// <para type="synopsis">Reads incidents back from their files: the opening, the timeline, the milestones and, once closed, the checklist.</para>
/// <para type="description">Without -Id, every incident in the folder, oldest first, optionally only the Open or the
/// Closed ones. MitigatedAt is the first Mitigated milestone, ResolvedAt the last Resolved one (else the closing
/// time); TimeToMitigate and TimeToResolve are measured from OpenedAt. A file that is not a readable incident is
/// skipped with a warning.</para>
/// <example><code>Get-RunbookIncident -Status Open | Format-Table Id, Severity, Title, RespondBy, EscalateBy</code><para>Lists the incidents still open with the times the severity table set for them.</para></example>
/// <example><code>Get-RunbookIncident -Id INC-20261205-3fa9c1 | Select-Object -ExpandProperty Entries</code><para>Shows the timeline of one incident, entry by entry.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RunbookIncident")]
[OutputType(EngineTypeNames.RunbookIncident)]
public sealed class GetRunbookIncidentCommand : IncidentCmdlet
{
    private IncidentStore? _store;

    /// <summary>Only these incidents; binds by property name.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentId")]
    [ValidateNotNullOrEmpty]
    public string[]? Id { get; set; }

    /// <summary>Only Open or only Closed incidents.</summary>
    [Parameter]
    [ValidateSet("Open", "Closed")]
    public string? Status { get; set; }

    protected override void BeginProcessing() => _store = OpenStore();

    protected override void ProcessRecord()
    {
        try
        {
            if (Id is null)
            {
                var (incidents, skipped) = _store!.List();
                foreach (var file in skipped)
                {
                    WriteWarning($"'{file}' is not a readable incident and was skipped.");
                }

                incidents.Where(Wanted).ToList().ForEach(WriteObject);
                return;
            }

            foreach (var id in Id)
            {
                try
                {
                    var incident = _store!.Read(id);
                    if (Wanted(incident))
                    {
                        WriteObject(incident);
                    }
                }
                catch (EngineException ex)
                {
                    WriteError(ErrorRecords.From(ex));
                }
            }
        }
        catch (EngineException ex)
        {
            ThrowTerminatingError(ErrorRecords.From(ex));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Incident.Unreadable", ErrorCategory.ReadError, $"The incidents folder '{_store!.Folder}' could not be read: {ex.Message}", _store.Folder));
        }
    }

    private bool Wanted(RunbookIncident incident) => Status is null || string.Equals(incident.Status.ToString(), Status, StringComparison.OrdinalIgnoreCase);
}
