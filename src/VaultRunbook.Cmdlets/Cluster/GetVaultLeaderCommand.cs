using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Cluster;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Cluster;

/// <summary>
/// <para type="synopsis">Reads which node of a Vault HA cluster is active (sys/leader), from one or many nodes in parallel.</para>
/// <para type="description">Each node answers with its HA mode (active, standby, sealed, or disabled without an HA
/// backend) and the active node's address. sys/leader needs no token. A sealed HA node answers 503 "Vault is sealed";
/// like `vault status`, that is reported (Mode sealed), not an error.</para>
/// <example><code>Get-VaultLeader -Address $nodes | Where-Object IsSelf | Invoke-VaultStepDown -Confirm:$false</code><para>Asks every node who leads, keeps the one that is active itself, and steps it down so another unsealed node takes over (for example before patching it).</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultLeader")]
[OutputType(EngineTypeNames.VaultLeader)]
public sealed class GetVaultLeaderCommand : NodeQueryCmdlet
{
    protected override string Activity => "Reading Vault leaders";

    protected override async Task<object> QueryAsync(IVaultClient client, CancellationToken cancellationToken) =>
        await client.GetLeaderAsync(cancellationToken).ConfigureAwait(false);
}
