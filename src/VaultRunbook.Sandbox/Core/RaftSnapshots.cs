namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// Taking and restoring raft snapshots of the sandbox (vault-api-notes §10). A restore reads and checks the whole
/// snapshot before it changes anything, so a corrupt or truncated one leaves the state as it was. One sealed by
/// another barrier key is refused (400) unless forced; forced, it replaces the storage and the node seals, so only
/// the other cluster's unseal keys open it, as in Vault.
/// </summary>
internal sealed class RaftSnapshots(SandboxCore core, Func<RaftConfiguration> configuration)
{
    public const string DifferentKeys =
        "could not verify hash file, possibly the snapshot is using a different set of unseal keys; use the snapshot-force API to bypass this check";

    public CoreResult<byte[]> Take() =>
        core.WithBarrier(view => CoreResult<byte[]>.Ok(RaftSnapshotArchive.Build(view, configuration())));

    /// <summary>Restores; the outcome says whether the node is now sealed (a forced foreign snapshot).</summary>
    public CoreResult<RaftRestoreOutcome> Restore(byte[] snapshot, bool force)
    {
        RaftSnapshotContent content;
        try
        {
            content = RaftSnapshotArchive.Parse(snapshot);
        }
        catch (RaftSnapshotException e)
        {
            // Refused before the core is touched: nothing half applied.
            return core.IsSealed
                ? CoreResult<RaftRestoreOutcome>.Fail(503, "Vault is sealed")
                : CoreResult<RaftRestoreOutcome>.Fail(500, e.Message);
        }

        return core.WithBarrier(view =>
        {
            bool ours = RaftSnapshotArchive.SealedBy(content, view.BarrierKey);
            if (!ours && !force)
            {
                return CoreResult<RaftRestoreOutcome>.Fail(400, DifferentKeys);
            }

            if (SandboxStore.TryOpenState(view.BarrierKey, content.EncryptedState) is { } restored)
            {
                restored = DefaultMounts.Complete(restored, out _);
                core.Update(_ => restored);
                return CoreResult<RaftRestoreOutcome>.Ok(RaftRestoreOutcome.Restored);
            }

            if (ours)
            {
                return CoreResult<RaftRestoreOutcome>.Fail(500, "failed to read snapshot file: state.bin does not open with this cluster's barrier key");
            }

            core.ReplaceWithForeignSnapshot(content.Seal, content.EncryptedState);
            return CoreResult<RaftRestoreOutcome>.Ok(RaftRestoreOutcome.RestoredAndSealed);
        });
    }
}
