using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Incidents;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Incidents;

/// <summary>
/// <para type="synopsis">Opens an incident: an append-only timeline file with the severity table's respond-by and escalate-by times.</para>
/// <para type="description">The runbook's severity table sets the pace. Sev1: respond within 15 minutes, escalate
/// immediately. Sev2: respond within 1 hour, escalate after 30 minutes. Sev3: respond within 4 hours, escalate after
/// 2 hours. Sev4: respond by the next business day, 09:00 local time on the first Monday to Friday after the day it
/// opened (no escalation). The incident is one JSON-lines file in the incidents folder (-Path, else
/// VAULT_RUNBOOK_INCIDENTS, else the incidents folder in the per-user VaultRunbook folder), created owner-only; its
/// first line is the opening. The opening is also recorded in the action journal (NewIncident). A credential-looking
/// value in the title is redacted.</para>
/// <example><code>$incident = New-RunbookIncident -Title 'vault-2 sealed after restart' -Severity 2; Get-VaultHealth -Address $nodes | Add-RunbookIncidentEntry -Incident $incident</code><para>Opens a Sev2 incident (respond within an hour, escalate after 30 minutes) and records every node's health as the first entries of its timeline.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.New, "RunbookIncident", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.RunbookIncident)]
public sealed class NewRunbookIncidentCommand : IncidentCmdlet
{
    /// <summary>What happened, in one line.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = string.Empty;

    /// <summary>1 (most urgent) to 4, as the runbook's severity table.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, 4)]
    public int Severity { get; set; }

    protected override void EndProcessing()
    {
        var title = SecretScrubber.Scrub(Title).ReplaceLineEndings(" ");
        try
        {
            var store = OpenStore();
            if (!ShouldProcess(store.Folder, $"Open a Sev{Severity} incident '{title}'"))
            {
                return;
            }

            var incident = Run(ct => store.OpenAsync(title, Severity, DateTimeOffset.UtcNow, TimeZoneInfo.Local, Environment.UserName, Environment.MachineName, ct));
            RecordAction(ActionRecord.Now("NewIncident", "local", "Opened") with { Subject = $"{incident.Id} Sev{incident.Severity}: {incident.Title}" });
            WriteObject(incident);
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Incident.WriteFailed", ErrorCategory.WriteError, $"The incident could not be written: {ex.Message}", Path));
        }
    }
}
