using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Raft;

namespace VaultRunbook.Cmdlets.Raft;

/// <summary>
/// <para type="synopsis">Restores a raft snapshot file to a Vault cluster (sys/storage/raft/snapshot), replacing all of its data.</para>
/// <para type="description">The file is checked first (readable, not empty, a gzip stream); nothing is sent
/// otherwise. It is streamed to Vault, once, never retried. Vault refuses a snapshot taken with another set of
/// unseal keys (VaultRunbook.Raft.SnapshotKeysMismatch) and one it cannot read, and then changes nothing. -Force
/// calls snapshot-force, which skips the unseal-key check: a snapshot of another cluster is then restored and the
/// node needs that cluster's unseal keys (the output's Sealed says so). -Force does not skip the confirmation
/// prompt (ConfirmImpact High): use -Confirm:$false for that. Needs a root token (or sudo on
/// sys/storage/raft/snapshot); the token may stop working when the snapshot predates it. Every attempt is recorded
/// in the action journal (Get-VaultActionLog).</para>
/// <example><code>Save-VaultRaftSnapshot -Path ./before-upgrade.snap | Restore-VaultRaftSnapshot -Confirm:$false</code><para>Takes a snapshot and, once the risky change has gone wrong, restores it to the node it came from (the piped record carries Path and Address).</para></example>
/// <example><code>Get-Item ./dr/cluster-a.snap | Restore-VaultRaftSnapshot -Address https://vault-dr:8200 -Force</code><para>Restores another cluster's snapshot on a DR node after asking; with -Force the unseal-key check is skipped and the node then needs cluster A's unseal keys.</para></example>
/// </summary>
[Cmdlet(VerbsData.Restore, "VaultRaftSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(EngineTypeNames.RaftSnapshotRestore)]
public sealed class RestoreVaultRaftSnapshotCommand : RaftSnapshotCmdlet
{
    /// <summary>The snapshot file (Save-VaultRaftSnapshot's output, or a file from Get-Item, binds by name).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Use snapshot-force: restore even a snapshot taken with other unseal keys. Does not skip the confirmation prompt.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => RunOnFile(
        Path,
        "RaftSnapshotRestore",
        (address, path) => (address, Force
            ? $"Restore raft snapshot '{path}' WITHOUT the unseal-key check (snapshot-force), replacing all of Vault's data"
            : $"Restore raft snapshot '{path}', replacing all of Vault's data"),
        (client, path, ct) => client.RestoreSnapshotAsync(path, Force, ct),
        restored => ActionRecord.Now("RaftSnapshotRestore", restored.Address, restored.Sealed == true ? "RestoredSealed" : "Restored") with
        {
            Subject = $"{restored.Path} ({restored.Length} bytes, sha256 {restored.Sha256}){(restored.Forced ? ", forced" : string.Empty)}",
            Sealed = restored.Sealed,
        });
}
