using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Unseal;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Vault;

/// <summary>
/// <para type="synopsis">Unseals Vault nodes with key shares (sys/unseal).</para>
/// <para type="description">Binds Address from Get-VaultHealth or Get-VaultSealStatus. Shares come from -Key,
/// from -KeyFile (one share per line, blank lines and # comments skipped, or the saved output of vault operator init), or from a hidden prompt. Shares are
/// submitted only until the node reports unsealed; unsealed nodes are left alone. A rejected share is an
/// ErrorRecord with the progress and no key material. Outputs each node's seal status after. Vault does not audit
/// sys/unseal, so each attempt and reset is recorded in the module's action journal, without any key material
/// (see Get-VaultActionLog).</para>
/// <example><code>Get-VaultHealth -Address $nodes | Where-Object Sealed | Invoke-VaultUnseal -KeyFile ./unseal-keys.txt</code><para>Unseals every sealed node of the cluster, sending shares from the key file only until each node reports unsealed.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VaultUnseal", SupportsShouldProcess = true, DefaultParameterSetName = PromptSet)]
[OutputType(EngineTypeNames.VaultSealStatus)]
public sealed class InvokeVaultUnsealCommand : KeyShareCmdlet
{
    /// <summary>The node: a URL, or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>Discard the progress of the current unseal attempt first.</summary>
    [Parameter]
    public SwitchParameter Reset { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var unsealer = new VaultUnsealer(ClientFor(settings));
        try
        {
            if (Reset)
            {
                if (!ShouldProcess(settings.AddressText, "Reset unseal progress"))
                {
                    return;
                }

                var afterReset = RunRecorded("UnsealReset", settings.AddressText, ct => unsealer.ResetAsync(ct));
                RecordAction(ActionRecord.Now("UnsealReset", settings.AddressText, afterReset.Sealed ? "InProgress" : "Unsealed").After(afterReset));
                WriteVerbose($"Unseal progress of {settings.AddressText} reset; it needs {afterReset.Threshold} share(s).");
                if (Shares is null)
                {
                    WriteObject(afterReset);
                    return;
                }
            }

            var (status, needed) = Run(ct => unsealer.CheckAsync(ct));
            if (!status.Sealed)
            {
                WriteVerbose($"{settings.AddressText} is already unsealed; no share was sent.");
                WriteObject(status);
                return;
            }

            if (!ShouldProcess(settings.AddressText, $"Submit unseal key shares (progress {status.Progress}/{status.Threshold})"))
            {
                return;
            }

            var shares = SharesFor(settings.AddressText, needed);
            var progress = new ProgressRecord(2, $"Unsealing {settings.AddressText}", $"{status.Progress} of {status.Threshold} shares");
            var outcome = RunRecorded("Unseal", settings.AddressText, ct => unsealer.UnsealAsync(
                shares,
                ShareProgress<UnsealProgress>(progress, p => (p.Progress, p.Threshold)),
                ct));
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);

            outcome.Warnings.ToList().ForEach(WriteWarning);
            foreach (var problem in outcome.Problems)
            {
                WriteError(ErrorRecords.Create(problem.ErrorId, ErrorRecords.CategoryOf(problem.Kind), problem.Message, problem.Address));
            }

            var rejected = outcome.Problems.FirstOrDefault();
            RecordAction(ActionRecord.Now("Unseal", settings.AddressText, !outcome.Status.Sealed ? "Unsealed" : rejected is not null ? "Rejected" : "InProgress").After(outcome.Status) with
            {
                SharesSubmitted = outcome.SharesSubmitted,
                ErrorId = rejected?.ErrorId,
                Message = rejected?.Message,
            });
            WriteVerbose($"{settings.AddressText}: {outcome.SharesSubmitted} share(s) submitted; sealed={outcome.Status.Sealed}.");
            WriteObject(outcome.Status);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
