using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.RootToken;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// <para type="synopsis">Reads the root token generation attempt of one or many Vault nodes (GET sys/generate-root/attempt), in parallel.</para>
/// <para type="description">Shows whether an attempt runs, its nonce, the shares given (Progress) and needed
/// (Required), and the OTP length the node expects. Never shows an OTP.</para>
/// <example><code>Get-VaultRootTokenGeneration -Address $nodes | Where-Object Started | Stop-VaultRootTokenGeneration -Confirm:$false</code><para>Finds the nodes where a root token generation is running and cancels it there.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultRootTokenGeneration")]
[OutputType(typeof(VaultRootTokenGeneration))]
public sealed class GetVaultRootTokenGenerationCommand : NodeQueryCmdlet
{
    protected override string Activity => "Reading root token generation";

    protected override async Task<object> QueryAsync(IVaultClient client, CancellationToken cancellationToken) =>
        await client.GetRootTokenGenerationAsync(cancellationToken).ConfigureAwait(false);

    protected override void WriteAnswer(object answer) => WriteObject(new VaultRootTokenGeneration((RootTokenGenerationStatus)answer, otp: null));
}
