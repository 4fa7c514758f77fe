using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Vault;

/// <summary>
/// <para type="synopsis">Reads the module's action journal: the unseals, unseal resets and seals it performed, which Vault does not audit.</para>
/// <para type="description">Each record says when, what, on which node, by which account on which machine, and the
/// outcome (Unsealed, InProgress, Rejected, Sealed, Failed), never any key material. The journal is
/// $VaultRunbookJournalPath, else VAULT_RUNBOOK_JOURNAL, else actions.jsonl in the per-user VaultRunbook folder.
/// Records come in the order they were written; lines that cannot be read are skipped with one warning.</para>
/// <example><code>Get-VaultActionLog -After (Get-Date).AddHours(-6) -Address https://vault-2:8200 | Format-Table Time, Action, Outcome, User</code><para>What the module did to vault-2 in the last six hours (unseals, resets, seals), with who ran each and how it ended: the timeline Vault's own audit log does not have.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultActionLog")]
[OutputType(EngineTypeNames.ActionRecord)]
public sealed class GetVaultActionLogCommand : PSCmdlet
{
    /// <summary>The journal file; defaults as described above.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>Only records about these nodes (wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Address { get; set; }

    /// <summary>Only these actions.</summary>
    [Parameter]
    [ValidateSet("Unseal", "UnsealReset", "Seal", "StepDown", "RevokeToken", "NewAppRoleSecretId", "RevokeAppRoleSecretId", "RootTokenGenerationStart", "RootTokenGenerationUpdate", "RootTokenGenerationCancel", "RaftSnapshotSave", "RaftSnapshotRestore", "Sign", "InitializeTransit", "NewFallbackSigningKey", "UpdateFallbackSigningKey", "EnableFallbackSigning", "DisableFallbackSigning", "K8sRestart", "K8sScale", "K8sUndo", "NewStorageSnapshot", "RestoreStorageToPointInTime", "NewIncident", "CloseIncident", "K8sIsolate", "K8sIsolateUndo", "K8sEvidence", "K8sConfigRestore", "K8sSecretRotation", "K8sCanaryWeight", "SendNotification")]
    public string[]? Action { get; set; }

    /// <summary>Only records at or after this time.</summary>
    [Parameter]
    public DateTime? After { get; set; }

    /// <summary>Only records before this time.</summary>
    [Parameter]
    public DateTime? Before { get; set; }

    /// <summary>Only the last N records that pass the filters.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Last { get; set; }

    protected override void EndProcessing()
    {
        var path = Path is null ? JournalLocation.Resolve(this) : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (Directory.Exists(path))
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Journal.Unreadable", ErrorCategory.InvalidArgument, $"The action journal path '{path}' is a directory, not a file.", path));
        }

        IReadOnlyList<ActionRecord> records;
        int skipped;
        try
        {
            (records, skipped) = new ActionJournal(path).Read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Journal.Unreadable", ErrorCategory.ReadError, $"The action journal '{path}' could not be read: {ex.Message}", path));
            return;
        }

        if (records.Count == 0 && skipped == 0)
        {
            WriteVerbose($"The action journal '{path}' holds no records.");
        }

        if (skipped > 0)
        {
            WriteWarning($"{skipped} line(s) of the action journal '{path}' could not be read and were skipped.");
        }

        var addresses = Address?.Select(a => new WildcardPattern(a.TrimEnd('/'), WildcardOptions.IgnoreCase)).ToArray();
        var after = After is { } a ? new DateTimeOffset(a.ToUniversalTime()) : (DateTimeOffset?)null;
        var before = Before is { } b ? new DateTimeOffset(b.ToUniversalTime()) : (DateTimeOffset?)null;
        var kept = records.Where(r =>
            (addresses is null || addresses.Any(p => p.IsMatch(r.Address.TrimEnd('/'))))
            && (Action is null || Action.Contains(r.Action, StringComparer.OrdinalIgnoreCase))
            && (after is null || r.Time >= after)
            && (before is null || r.Time < before)).ToList();
        foreach (var record in Last is { } last ? kept.Skip(Math.Max(0, kept.Count - last)) : kept)
        {
            WriteObject(record);
        }
    }
}
