using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Raft;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Raft;

/// <summary>
/// <para type="synopsis">Lists the raft peers of one or many Vault nodes (sys/storage/raft/configuration): node id, cluster address, leader, voter.</para>
/// <para type="description">One record per server of each asked node's configuration, like
/// vault operator raft list-peers. Address is the node that was asked (so records pipe into other node cmdlets);
/// ClusterAddress is the peer's raft address. A sealed node answers VaultRunbook.Vault.Sealed.</para>
/// <example><code>Get-VaultRaftConfiguration | Where-Object { -not $_.Voter } | Format-Table NodeId, ClusterAddress</code><para>Lists the peers that are not voters, for example nodes still catching up after a join.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultRaftConfiguration")]
[OutputType(EngineTypeNames.VaultRaftPeer)]
public sealed class GetVaultRaftConfigurationCommand : NodeQueryCmdlet
{
    protected override string Activity => "Reading Vault raft configuration";

    protected override async Task<object> QueryAsync(IVaultClient client, CancellationToken cancellationToken) =>
        await client.GetRaftConfigurationAsync(cancellationToken).ConfigureAwait(false);

    protected override void WriteAnswer(object answer) => WriteObject(answer, enumerateCollection: true);
}
