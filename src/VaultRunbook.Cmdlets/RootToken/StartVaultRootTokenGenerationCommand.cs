using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.RootToken;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// <para type="synopsis">Starts a root token generation on a Vault node (sys/generate-root/attempt), as `vault operator generate-root -init` does.</para>
/// <para type="description">The node makes a one-time password (OTP) and returns it once; the output keeps it as a
/// SecureString in Otp, with the Nonce every key holder needs, Required (the unseal threshold) and Progress. Pipe it
/// to Submit-VaultRootTokenKey. The start is recorded in the module's action journal with its nonce (never the
/// OTP). Vault up to 1.21 needs no token for this; Vault 2.0 needs one.</para>
/// <example><code>Start-VaultRootTokenGeneration -Address https://vault-1:8200 | Submit-VaultRootTokenKey -KeyFile ./unseal-keys.txt | ConvertFrom-VaultEncodedRootToken</code><para>Starts an attempt, submits the shares from a file with its nonce, and decodes the new root token into a SecureString.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "VaultRootTokenGeneration", SupportsShouldProcess = true)]
[OutputType(typeof(VaultRootTokenGeneration))]
public sealed class StartVaultRootTokenGenerationCommand : VaultCmdlet
{
    /// <summary>The node: a URL, or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>Your own OTP, as long as the node's otp_length (28 on current Vault). By default the node makes one.</summary>
    [Parameter]
    [SecureStringTransformation]
    public SecureString? Otp { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        if (!ShouldProcess(settings.AddressText, "Start a root token generation"))
        {
            return;
        }

        var client = ClientFor(settings);
        var otp = Otp is null ? null : SecureStrings.ToSensitive(Otp);
        try
        {
            var status = RunRecorded(RootTokenActions.Start, settings.AddressText, ct => client.StartRootTokenGenerationAsync(otp, ct));
            RecordAction(RootTokenActions.Record(RootTokenActions.Start, status, "Started"));
            WriteVerbose($"Root token generation started on {settings.AddressText} with nonce {status.Nonce}; {status.Required} key share(s) needed.");
            WriteObject(new VaultRootTokenGeneration(status, Otp));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
