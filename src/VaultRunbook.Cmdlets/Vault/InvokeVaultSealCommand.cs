using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Vault;

/// <summary>
/// <para type="synopsis">Seals Vault nodes (sys/seal). Needs a root or sudo token. Locks every client out until unsealed.</para>
/// <para type="description">Vault does not audit sys/seal, so each seal (and each failed attempt) is recorded in
/// the module's action journal (see Get-VaultActionLog).</para>
/// <example><code>Get-VaultHealth -Address https://vault-2:8200 | Invoke-VaultSeal -Confirm:$false</code><para>Seals vault-2 without asking, for example to contain a suspected compromise; it needs a root or sudo token.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VaultSeal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(EngineTypeNames.VaultSealStatus)]
public sealed class InvokeVaultSealCommand : VaultCmdlet
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
        if (!ShouldProcess(settings.AddressText, "Seal Vault (every client is locked out until it is unsealed)"))
        {
            return;
        }

        var client = ClientFor(settings);
        try
        {
            var status = RunRecorded("Seal", settings.AddressText, async ct =>
            {
                await client.SealAsync(ct).ConfigureAwait(false);
                return await client.GetSealStatusAsync(ct).ConfigureAwait(false);
            });
            RecordAction(ActionRecord.Now("Seal", settings.AddressText, status.Sealed ? "Sealed" : "Failed").After(status));
            WriteObject(status);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
