using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Incidents;

namespace VaultRunbook.Cmdlets.Incidents;

/// <summary>
/// <para type="synopsis">Records anything piped in (health, a rotation, the kill-switch state, a signature, a K8s restart, an error) on an incident's timeline, redacted, with a note or a milestone.</para>
/// <para type="description">Each piped object becomes one timeline entry with its time, kind, severity hint and a
/// one-line summary. Known types keep an allow-list of fields; anything else keeps only scalar properties whose names
/// and values do not look secret (token, secret, password, key, share, otp, nonce; hvs./hvb./hvr., s., hf_, AKIA
/// values, PEM blocks), so no secret reaches the incident file. -Note adds free text (scrubbed the same way);
/// -Milestone Mitigated or Resolved marks the times the report measures the time to mitigate and to resolve from.
/// Entries are appended under an exclusive lock; a closed incident takes no more.</para>
/// <example><code>Enable-KillSwitch -Reason 'vault 503s' | Add-RunbookIncidentEntry -Incident $incident -Note 'services on env values' -Milestone Mitigated</code><para>Turns the kill switch on, records the new rollout state on the incident's timeline, then a note marking the incident mitigated.</para></example>
/// <example><code>Get-VaultHealth -Address $nodes | Add-RunbookIncidentEntry -Id INC-20261205-3fa9c1</code><para>Records each node's health (address, status, sealed, version) on the incident with that id.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Add, "RunbookIncidentEntry", SupportsShouldProcess = true, DefaultParameterSetName = ById)]
[OutputType(EngineTypeNames.RunbookIncidentEntry)]
public sealed class AddRunbookIncidentEntryCommand : IncidentCmdlet
{
    private const string ById = "ById";
    private const string ByIncident = "ByIncident";

    private IncidentStore? _store;
    private string? _lastId;
    private bool _recorded;

    /// <summary>The incident's id (INC-yyyyMMdd-xxxxxx); binds by property name from an incident or an entry.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentId")]
    [ValidateNotNullOrEmpty]
    public string Id { get; set; } = string.Empty;

    /// <summary>The incident, as New-RunbookIncident or Get-RunbookIncident gave it (its Id is used).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByIncident)]
    [ValidateNotNull]
    public PSObject? Incident { get; set; }

    /// <summary>What to record: any object (a runbook step's output, an ErrorRecord).</summary>
    [Parameter(ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>Free text for the timeline; credential-looking values are redacted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Note { get; set; }

    /// <summary>Marks the incident Mitigated (the impact stopped) or Resolved (the cause fixed) now.</summary>
    [Parameter]
    [ValidateSet("Mitigated", "Resolved")]
    public string? Milestone { get; set; }

    protected override void BeginProcessing() => _store = OpenStore();

    protected override void ProcessRecord()
    {
        _lastId = Incident is null ? Id : IncidentLocation.IdOf(Incident);
        var value = InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject;
        if (value is null or RunbookIncident)
        {
            return; // the incident itself, piped in to name it
        }

        var summary = PipedObjectSummary.Summarize(InputObject);
        Append(new RunbookIncidentEntry
        {
            IncidentId = _lastId, Time = DateTimeOffset.UtcNow, Kind = summary.Kind, Summary = summary.Summary, Severity = summary.Severity,
            Properties = summary.Properties, User = Environment.UserName,
        });
    }

    protected override void EndProcessing()
    {
        var id = _lastId ?? (Incident is null ? Id : IncidentLocation.IdOf(Incident));
        if (Note is not null || Milestone is not null)
        {
            IncidentMilestone? milestone = Milestone is null ? null : Enum.Parse<IncidentMilestone>(Milestone, ignoreCase: true);
            Append(new RunbookIncidentEntry
            {
                IncidentId = id, Time = DateTimeOffset.UtcNow, Kind = Note is null ? "Milestone" : "Note",
                Summary = SecretScrubber.Scrub(Note ?? $"{Milestone}").ReplaceLineEndings(" "), Severity = SummarySeverity.Info, Milestone = milestone,
                User = Environment.UserName,
            });
        }
        else if (!_recorded)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Incident.EmptyEntry", ErrorCategory.InvalidArgument, "Nothing to record: pipe objects in, or give -Note or -Milestone.", id));
        }
    }

    private void Append(RunbookIncidentEntry entry)
    {
        _recorded = true;
        if (!ShouldProcess(entry.IncidentId, $"Add to the timeline: {entry.Kind}: {entry.Summary}"))
        {
            return;
        }

        try
        {
            Run(ct => _store!.AppendEntriesAsync(entry.IncidentId, [entry], ct));
            WriteObject(entry);
        }
        catch (EngineException ex)
        {
            // Not found, closed, locked or a bad id: every later item would fail the same way.
            ThrowEngineError(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Incident.WriteFailed", ErrorCategory.WriteError, $"The incident {entry.IncidentId} could not be written: {ex.Message}", entry.IncidentId));
        }
    }
}
