using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Vault;

/// <summary>
/// <para type="synopsis">Reads the seal status of one or many Vault nodes (sys/seal-status), in parallel.</para>
/// <example><code>Get-VaultSealStatus -Address $nodes | Where-Object Sealed | Invoke-VaultUnseal -KeyFile ./unseal-keys.txt</code><para>Reads each node's seal status (threshold, progress, version) and unseals the sealed ones.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultSealStatus")]
[OutputType(EngineTypeNames.VaultSealStatus)]
public sealed class GetVaultSealStatusCommand : NodeQueryCmdlet
{
    protected override string Activity => "Reading Vault seal status";

    protected override async Task<object> QueryAsync(IVaultClient client, CancellationToken cancellationToken) =>
        await client.GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
}
