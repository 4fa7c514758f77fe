using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.RootToken;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// <para type="synopsis">Cancels the root token generation attempt on a Vault node (DELETE sys/generate-root/attempt), as `vault operator generate-root -cancel` does.</para>
/// <para type="description">The shares given so far are discarded; a new attempt starts from zero with a new nonce.
/// Cancelling where no attempt runs does nothing. The cancel is recorded in the module's action journal. Outputs
/// the node's attempt status after.</para>
/// <example><code>Get-VaultRootTokenGeneration -Address https://vault-1:8200 | Where-Object Started | Stop-VaultRootTokenGeneration</code><para>Cancels the attempt running on vault-1, after asking for confirmation.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "VaultRootTokenGeneration", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(VaultRootTokenGeneration))]
public sealed class StopVaultRootTokenGenerationCommand : VaultCmdlet
{
    /// <summary>The node: a URL, or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        if (!ShouldProcess(settings.AddressText, "Cancel the root token generation (the shares given so far are discarded)"))
        {
            return;
        }

        var client = ClientFor(settings);
        try
        {
            var (before, after) = RunRecorded(RootTokenActions.Cancel, settings.AddressText, async ct =>
            {
                var running = await client.GetRootTokenGenerationAsync(ct).ConfigureAwait(false);
                await client.CancelRootTokenGenerationAsync(ct).ConfigureAwait(false);
                return (running, await client.GetRootTokenGenerationAsync(ct).ConfigureAwait(false));
            });
            RecordAction(RootTokenActions.Record(RootTokenActions.Cancel, after, before.Started ? "Cancelled" : "NotRunning", before.Nonce));
            WriteVerbose(before.Started
                ? $"Root token generation {before.Nonce} on {settings.AddressText} cancelled at {before.Progress}/{before.Required}."
                : $"No root token generation was running on {settings.AddressText}.");
            WriteObject(new VaultRootTokenGeneration(after, otp: null));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
