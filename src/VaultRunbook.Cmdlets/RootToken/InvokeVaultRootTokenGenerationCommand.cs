using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.RootToken;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// <para type="synopsis">Generates a new root token in one step: starts the attempt, submits the key shares, decodes the token (sys/generate-root).</para>
/// <para type="description">For a lost root token. The node makes the OTP; shares come from -Key, -KeyFile or a
/// hidden prompt, as Invoke-VaultUnseal takes them. The output carries the new root token as a SecureString in
/// Token, which binds by property name as -Token (with Address) to the other cmdlets, so it can be used and then
/// revoked without ever being shown. If the flow cannot finish (a wrong share, too few shares), the attempt it
/// started is cancelled. Refuses to run while another attempt is in progress (VaultRunbook.RootToken.AlreadyInProgress).
/// The start and the submission are recorded in the module's action journal (nonce and progress only).</para>
/// <example><code>$root = Start-VaultSandbox | Invoke-VaultRootTokenGeneration -KeyFile ./unseal-keys.txt; $root | Invoke-VaultRequest GET sys/mounts</code><para>Regenerates a root token with the shares in the file and uses it once: Address and Token bind by property name.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VaultRootTokenGeneration", SupportsShouldProcess = true, DefaultParameterSetName = PromptSet)]
[OutputType(typeof(VaultRootToken))]
public sealed class InvokeVaultRootTokenGenerationCommand : KeyShareCmdlet
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
        var client = ClientFor(settings);
        try
        {
            var current = Run(ct => client.GetRootTokenGenerationAsync(ct));
            if (current.Started)
            {
                WriteError(ErrorRecords.Create(
                    RootTokenErrors.AlreadyInProgress,
                    ErrorCategory.ResourceExists,
                    $"A root token generation is already running on {settings.AddressText} (nonce {current.Nonce}, {current.Progress}/{current.Required}); continue it with Submit-VaultRootTokenKey, or cancel it with Stop-VaultRootTokenGeneration.",
                    settings.AddressText));
                return;
            }

            if (!ShouldProcess(settings.AddressText, $"Generate a new root token ({current.Required} key shares)"))
            {
                return;
            }

            var shares = SharesFor(settings.AddressText, current.Required);
            var progress = new ProgressRecord(3, $"Generating a root token on {settings.AddressText}", $"0 of {current.Required} shares");
            var generated = RunRecorded(RootTokenActions.Update, settings.AddressText, ct => new RootTokenGenerator(client).GenerateAsync(
                shares,
                ShareProgress<RootTokenGenerationStatus>(progress, p => (p.Progress, p.Required)),
                ct));
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);

            var done = new RootTokenGenerationStatus { Address = settings.AddressText, Nonce = generated.Nonce, Progress = current.Required, Required = current.Required };
            RecordAction(RootTokenActions.Record(RootTokenActions.Start, done with { Progress = 0 }, "Started"));
            RecordAction(RootTokenActions.Record(RootTokenActions.Update, done, "Complete") with { SharesSubmitted = generated.SharesSubmitted });
            WriteVerbose($"A new root token was generated on {settings.AddressText} (nonce {generated.Nonce}, {generated.SharesSubmitted} share(s)).");
            WriteObject(new VaultRootToken(settings.AddressText, SecureStrings.ToSecure(generated.Token.Reveal()), generated.Nonce, generated.SharesSubmitted, DateTimeOffset.UtcNow));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
