using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Cluster;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Cluster;

/// <summary>
/// <para type="synopsis">Lists the nodes of a Vault HA cluster (sys/ha-status): the active node, then the standbys that heartbeat to it.</para>
/// <para type="description">sys/ha-status needs a token; a standby forwards it to the active node. Each node is
/// written as its own object whose Address is the node's api_address, so it pipes into the per-node cmdlets.
/// A sealed standby does not heartbeat, so Vault does not list it: compare with your inventory (or
/// Get-VaultHealth) to find it.</para>
/// <example><code>Get-VaultHAStatus -Address $env:VAULT_ADDR | Where-Object { -not $_.ActiveNode } | Get-VaultHealth</code><para>Lists the cluster's nodes and checks the health of every standby (each should answer 429).</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultHAStatus")]
[OutputType(EngineTypeNames.VaultHaNode)]
public sealed class GetVaultHAStatusCommand : NodeQueryCmdlet
{
    protected override string Activity => "Reading Vault HA status";

    protected override async Task<object> QueryAsync(IVaultClient client, CancellationToken cancellationToken) =>
        await client.GetHaStatusAsync(cancellationToken).ConfigureAwait(false);

    protected override void WriteAnswer(object answer) => WriteObject(answer, enumerateCollection: true);
}
