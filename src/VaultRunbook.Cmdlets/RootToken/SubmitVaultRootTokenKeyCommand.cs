using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.RootToken;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// <para type="synopsis">Submits unseal key shares to a root token generation (sys/generate-root/update), as `vault operator generate-root -nonce=...` does.</para>
/// <para type="description">Takes the output of Start-VaultRootTokenGeneration from the pipeline (Address, Nonce,
/// and Otp, which it passes on). Shares come from -Key, from -KeyFile (one share per line; blank lines and #
/// comments skipped), or from a hidden prompt, exactly as Invoke-VaultUnseal takes them; they are sent only until
/// the attempt completes. Without a nonce the running attempt's is used. When the last share completes the
/// attempt, the output carries the EncodedToken (a SecureString) for ConvertFrom-VaultEncodedRootToken. A wrong
/// nonce, a share given twice or a wrong share set is an ErrorRecord (VaultRunbook.RootToken.*) without key
/// material. Each submission is recorded in the module's action journal with the nonce and progress.</para>
/// <example><code>Start-VaultRootTokenGeneration | Submit-VaultRootTokenKey -KeyFile ./unseal-keys.txt | ConvertFrom-VaultEncodedRootToken</code><para>Starts an attempt on VAULT_ADDR, submits the shares from the file, and decodes the new root token.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "VaultRootTokenKey", SupportsShouldProcess = true, DefaultParameterSetName = PromptSet)]
[OutputType(typeof(VaultRootTokenGeneration))]
public sealed class SubmitVaultRootTokenKeyCommand : KeyShareCmdlet
{
    /// <summary>The node: a URL, or an object with an Address property (the output of Start-VaultRootTokenGeneration). Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>The attempt's nonce, from Start-VaultRootTokenGeneration. By default, the nonce of the attempt running on the node.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Nonce { get; set; }

    /// <summary>The attempt's OTP; not sent to Vault, only passed on in the output for ConvertFrom-VaultEncodedRootToken.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SecureStringTransformation]
    public SecureString? Otp { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var client = ClientFor(settings);
        var generator = new RootTokenGenerator(client);
        try
        {
            var current = Run(ct => client.GetRootTokenGenerationAsync(ct));
            var needed = Math.Max(1, current.Required - current.Progress);
            if (!ShouldProcess(settings.AddressText, $"Submit key shares to the root token generation (progress {current.Progress}/{current.Required})"))
            {
                return;
            }

            var shares = current.Started ? SharesFor(settings.AddressText, needed) : [];
            var progress = new ProgressRecord(3, $"Generating a root token on {settings.AddressText}", $"{current.Progress} of {current.Required} shares");
            var (status, submitted) = RunRecorded(RootTokenActions.Update, settings.AddressText, ct => generator.SubmitAsync(
                shares,
                Nonce,
                ShareProgress<RootTokenGenerationStatus>(progress, p => (p.Progress, p.Required)),
                ct));
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);

            RecordAction(RootTokenActions.Record(RootTokenActions.Update, status, status.Complete ? "Complete" : "InProgress") with { SharesSubmitted = submitted });
            WriteVerbose($"{settings.AddressText}: {submitted} share(s) submitted; progress {status.Progress}/{status.Required}{(status.Complete ? ", complete" : string.Empty)}.");
            WriteObject(new VaultRootTokenGeneration(status, Otp));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
