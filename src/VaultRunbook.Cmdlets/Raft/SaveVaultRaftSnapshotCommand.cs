using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Raft;

namespace VaultRunbook.Cmdlets.Raft;

/// <summary>
/// <para type="synopsis">Saves a raft snapshot of a Vault cluster (sys/storage/raft/snapshot) to a file, written atomically and owner-only.</para>
/// <para type="description">The snapshot streams into a temp file beside -Path (readable by its owner only), is
/// checked to be a gzip stream, then renamed into place, so a failed or cut-off snapshot leaves no file behind. An
/// existing file is never replaced without -Force (VaultRunbook.Raft.SnapshotExists). The output carries the file's
/// length and SHA-256 and pipes into Restore-VaultRaftSnapshot. It needs a root token (or sudo on
/// sys/storage/raft/snapshot); a sealed node answers VaultRunbook.Vault.Sealed. Each snapshot, and each failure, is
/// recorded in the action journal (Get-VaultActionLog).</para>
/// <example><code>Get-VaultHealth | Where-Object Status -eq Active | Save-VaultRaftSnapshot -Path ./before-upgrade.snap | Format-List Path, Length, Sha256</code><para>Takes a snapshot from the active node before a risky change and shows where it went, its size and its checksum.</para></example>
/// </summary>
[Cmdlet(VerbsData.Save, "VaultRaftSnapshot", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.RaftSnapshotFile)]
public sealed class SaveVaultRaftSnapshotCommand : RaftSnapshotCmdlet
{
    /// <summary>The file to write the snapshot to. Its folder must exist.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Replace the file when it already exists (atomically: the old one stays until the new one is complete).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord() => RunOnFile(
        Path,
        "RaftSnapshotSave",
        (address, path) => (path, $"Save a raft snapshot of {address}"),
        (client, path, ct) => client.SaveSnapshotAsync(path, Force, ct),
        saved => ActionRecord.Now("RaftSnapshotSave", saved.Address, "Saved") with { Subject = $"{saved.Path} ({saved.Length} bytes, sha256 {saved.Sha256})" });
}
