using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Cmdlets.Vault;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Incidents;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Incidents;

/// <summary>
/// <para type="synopsis">Runs the post-incident checklist against the real state and closes the incident when every item passes.</para>
/// <para type="description">The runbook's checklist: FallbackKeyRotated (the fallback signing key rotated since the
/// incident opened, after its last fallback signature, or never used), NoFallbackSignatures (none since recovery, the
/// Mitigated milestone), KillSwitchOff (the rollout state file, or the state given by -Rollout, such as one kept in Vault), VaultHealthy (sys/health of -Address, else VAULT_ADDR
/// when set: every node active or a serving standby, and one of them active) and RootTokenRevoked (a root token generated during the incident followed by a token revocation on that
/// node). The journal items read the action journal. An item that cannot be checked is asked (or answered for an
/// unattended run by -Confirmed); a check that failed against the real state is not overridden by -Confirmed. The
/// incident closes only when every item Passed, or with -Force, which records the items that did not. The outcome
/// (Passed, Failed or Unknown, with the evidence) is the incident file's closing line; a refused close adds a
/// Checklist entry to the timeline instead and writes VaultRunbook.Incident.ChecklistFailed. Both are recorded in the
/// action journal (CloseIncident).</para>
/// <example><code>Get-RunbookIncident -Status Open | Close-RunbookIncident -Address https://vault-1:8200 -Confirmed RootTokenRevoked</code><para>Checks each open incident's checklist against the journal, the rollout state and vault-1's health, takes the operator's word that the root token was revoked, and closes those that pass.</para></example>
/// <example><code>Close-RunbookIncident -Id INC-20261205-4f2a9c -Rollout (Get-VaultRollout -Store Vault -Path runbook/rollout/api)</code><para>Checks the kill switch in the rollout state the services read from Vault instead of a local state file.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Close, "RunbookIncident", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.RunbookIncident)]
public sealed class CloseRunbookIncidentCommand : VaultCmdlet
{
    /// <summary>The incident's id; binds by property name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("IncidentId")]
    [ValidateNotNullOrEmpty]
    public string Id { get; set; } = string.Empty;

    /// <summary>The Vault nodes whose health is checked. Defaults to VAULT_ADDR when it is set; otherwise the item is asked.</summary>
    [Parameter]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR when set")]
    public VaultNodeParameter[]? Address { get; set; }

    /// <summary>The rollout state file whose kill switch is checked.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_ROLLOUT, else rollout.json in the per-user VaultRunbook folder")]
    public string? RolloutConfigPath { get; set; }

    /// <summary>The rollout state to check the kill switch against, as Get-VaultRollout outputs it: for a state kept in Vault (Get-VaultRollout -Store Vault -Path ...) or a service's own file. Without it, -RolloutConfigPath's file is read.</summary>
    [Parameter]
    public EffectiveRollout? Rollout { get; set; }

    /// <summary>Checklist items the operator confirms that could not be checked (for unattended runs): FallbackKeyRotated, NoFallbackSignatures, KillSwitchOff, VaultHealthy, RootTokenRevoked.</summary>
    [Parameter]
    [ValidateSet(IncidentChecklist.FallbackKeyRotated, IncidentChecklist.NoFallbackSignatures, IncidentChecklist.KillSwitchOff, IncidentChecklist.VaultHealthy, IncidentChecklist.RootTokenRevoked)]
    public string[]? Confirmed { get; set; }

    /// <summary>Close even when an item Failed or stayed Unknown (they are recorded as they are), and ask nothing.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The incidents folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("IncidentFolder")]
    [PSDefaultValue(Help = IncidentLocation.DefaultHelp)]
    public string? Path { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var store = IncidentLocation.Open(this, Path);
            var incident = store.Read(Id);
            if (incident.Status == IncidentStatus.Closed)
            {
                WriteEngineError(new IncidentException("VaultRunbook.Incident.Closed", ErrorKind.InvalidOperation, $"The incident {Id} was already closed at {incident.ClosedAt:u}.") { Target = Id });
                return;
            }

            var now = DateTimeOffset.UtcNow;
            var items = IncidentChecklist.Check(incident, GatherEvidence(), now).Select(Resolve).ToList();
            var open = items.Where(i => i.Outcome != ChecklistOutcome.Passed).ToList();
            if (open.Count > 0 && !Force)
            {
                Refuse(store, incident, open);
                return;
            }

            if (!ShouldProcess(Id, $"Close the incident '{incident.Title}'"))
            {
                return;
            }

            var closed = Run(ct => store.CloseAsync(Id, DateTimeOffset.UtcNow, items, forced: open.Count > 0, Environment.UserName, ct));
            RecordAction(ActionRecord.Now("CloseIncident", "local", "Closed") with { Subject = $"{Id} Sev{closed.Severity}: {closed.Title}", Message = Outcomes(items) });
            foreach (var item in open)
            {
                WriteWarning($"Closed with -Force although {item.Name} is {item.Outcome}: {item.Evidence}");
            }

            WriteObject(closed);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, Id);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorRecords.Create("VaultRunbook.Incident.WriteFailed", ErrorCategory.WriteError, $"The incident {Id} could not be read or written: {ex.Message}", Id));
        }
    }

    private void Refuse(IncidentStore store, RunbookIncident incident, List<IncidentChecklistItem> open)
    {
        var message = $"The incident {Id} stays open: {string.Join("; ", open.Select(i => $"{i.Name} {i.Outcome} ({i.Evidence})"))}. Fix them, confirm what cannot be checked with -Confirmed, or close with -Force.";
        if (ShouldProcess(Id, "Record the refused checklist on the timeline"))
        {
            Run(ct => store.AppendEntriesAsync(Id, [new RunbookIncidentEntry
            {
                IncidentId = Id, Time = DateTimeOffset.UtcNow, Kind = "Checklist", Severity = SummarySeverity.Error, User = Environment.UserName,
                Summary = $"Close refused: {string.Join(", ", open.Select(i => $"{i.Name} {i.Outcome}"))}",
                Properties = open.ToDictionary(i => i.Name, i => $"{i.Outcome}: {i.Evidence}"),
            }], ct));
            RecordAction(ActionRecord.Now("CloseIncident", "local", "Refused") with { Subject = $"{Id} Sev{incident.Severity}: {incident.Title}", ErrorId = "VaultRunbook.Incident.ChecklistFailed", Message = Outcomes(open) });
        }

        WriteError(ErrorRecords.Create("VaultRunbook.Incident.ChecklistFailed", ErrorCategory.InvalidOperation, SecretScrubber.Scrub(message), Id));
    }

    private static string Outcomes(IEnumerable<IncidentChecklistItem> items) => string.Join(", ", items.Select(i => $"{i.Name} {i.Outcome}"));

    // An item the real state could not answer: -Confirmed, else the operator is asked (unless -Force), else it stays Unknown.
    private IncidentChecklistItem Resolve(IncidentChecklistItem item)
    {
        if (item.Outcome != ChecklistOutcome.Unknown)
        {
            return item;
        }

        if (Confirmed?.Contains(item.Name, StringComparer.OrdinalIgnoreCase) == true)
        {
            return item with { Outcome = ChecklistOutcome.Passed, CheckedBy = "operator (-Confirmed)", Evidence = $"confirmed by {Environment.UserName}; not checkable: {item.Evidence}" };
        }

        if (Force)
        {
            return item;
        }

        try
        {
            var yes = ShouldContinue($"{IncidentChecklist.Question(item.Name)} It could not be checked: {item.Evidence}", $"Post-incident checklist: {item.Name}");
            return item with
            {
                Outcome = yes ? ChecklistOutcome.Passed : ChecklistOutcome.Failed,
                CheckedBy = "operator (asked)",
                Evidence = $"{(yes ? "confirmed" : "denied")} by {Environment.UserName}; not checkable: {item.Evidence}",
            };
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException or NotSupportedException)
        {
            return item; // no one to ask (a non-interactive host): it stays Unknown
        }
    }

    private IncidentChecklistEvidence GatherEvidence()
    {
        var journalPath = JournalLocation.Resolve(this);
        IReadOnlyList<ActionRecord> journal = [];
        try
        {
            journal = new ActionJournal(journalPath).Read().Records;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteWarning($"The action journal '{journalPath}' could not be read: {ex.Message}");
        }

        var (rollout, rolloutProblem) = ReadRollout();
        var (health, healthProblem) = CheckHealth();
        return new IncidentChecklistEvidence
        {
            Journal = journal, JournalPath = journalPath, Rollout = rollout, RolloutProblem = rolloutProblem, Health = health, HealthProblem = healthProblem,
        };
    }

    private (EffectiveRollout? Rollout, string? Problem) ReadRollout()
    {
        if (Rollout is not null)
        {
            return (Rollout, null);
        }

        var path = RolloutConfigPath is null
            ? RolloutPaths.DefaultConfigPath(Environment.GetEnvironmentVariable)
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RolloutConfigPath);
        var controller = new RolloutController(new FileRolloutStore(path), Environment.GetEnvironmentVariable);
        try
        {
            return (Run(controller.GetAsync), null);
        }
        catch (Exception ex) when (ex is EngineException or IOException or UnauthorizedAccessException)
        {
            return (null, ex.Message);
        }
    }

    private (IReadOnlyList<VaultHealth>? Health, string? Problem) CheckHealth()
    {
        var addresses = Address?.Select(a => (string?)a.Address).ToList()
            ?? (Environment.GetEnvironmentVariable("VAULT_ADDR") is { Length: > 0 } ? [null] : null);
        if (addresses is null)
        {
            return (null, "no Vault address given (-Address) and VAULT_ADDR is not set");
        }

        var nodes = addresses.Select(ResolveSettings).ToList();
        var query = new HealthQuery();
        var results = RunForEach(nodes, settings => settings, 32, "Checking Vault health", (client, _, ct) => GetVaultHealthCommand.CheckAsync(client, query, ct));
        var errors = results.Where(r => r.Error is not null).Select(r => $"{r.Error!.Target} failed ({r.Error.ErrorId})").ToList();
        return (results.Where(r => r.Result is not null).Select(r => r.Result!).ToList(), errors.Count == 0 ? null : string.Join("; ", errors));
    }
}
