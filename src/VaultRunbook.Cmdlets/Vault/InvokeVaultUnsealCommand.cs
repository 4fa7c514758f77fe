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
public sealed class InvokeVaultUnsealCommand : VaultCmdlet
{
    private const string PromptSet = "Prompt";
    private const string KeySet = "Key";
    private const string KeyFileSet = "KeyFile";

    private IReadOnlyList<UnsealKeyShare>? _shares;

    // Shares typed at the prompt, kept for the next piped node of the same cluster so they are typed once.
    private readonly List<UnsealKeyShare> _prompted = new();

    /// <summary>The node: a URL, or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>Key shares, hex or base64, as SecureStrings or plain strings.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeySet)]
    [SecureStringTransformation]
    [ValidateNotNullOrEmpty]
    public SecureString[]? Key { get; set; }

    /// <summary>A file with one key share per line, or the saved output of vault operator init (text or -format=json).
    /// A warning is given when group or others can read it; a file any user can write is refused without -Force.</summary>
    [Parameter(Mandatory = true, ParameterSetName = KeyFileSet)]
    [ValidateNotNullOrEmpty]
    public string? KeyFile { get; set; }

    /// <summary>Read a -KeyFile that any user can write (refused otherwise, as anyone could have swapped its shares).</summary>
    [Parameter(ParameterSetName = KeyFileSet)]
    public SwitchParameter Force { get; set; }

    /// <summary>Discard the progress of the current unseal attempt first.</summary>
    [Parameter]
    public SwitchParameter Reset { get; set; }

    protected override void BeginProcessing()
    {
        if (ParameterSetName == KeyFileSet)
        {
            try
            {
                var contents = UnsealKeyFile.Read(SessionState.Path.GetUnresolvedProviderPathFromPSPath(KeyFile!), allowWritableByOthers: Force);
                contents.Warnings.ToList().ForEach(WriteWarningOnce);
                _shares = contents.Shares;
            }
            catch (EngineException ex)
            {
                ThrowEngineError(ex, KeyFile);
            }
        }
        else if (ParameterSetName == KeySet)
        {
            _shares = ReadKeyParameter(Key!);
        }
    }

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
                if (_shares is null)
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

            var shares = _shares ?? PromptForShares(settings.AddressText, needed);
            var progress = new ProgressRecord(2, $"Unsealing {settings.AddressText}", $"{status.Progress} of {status.Threshold} shares");
            var outcome = RunRecorded("Unseal", settings.AddressText, ct => unsealer.UnsealAsync(
                shares,
                new CallbackProgress<UnsealProgress>(p => Post(() =>
                {
                    progress.StatusDescription = $"{p.Progress} of {p.Threshold} shares";
                    progress.PercentComplete = p.Threshold == 0 ? 0 : Math.Min(100, p.Progress * 100 / p.Threshold);
                    WriteProgress(progress);
                })),
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

    private IReadOnlyList<UnsealKeyShare> ReadKeyParameter(SecureString[] keys)
    {
        var shares = new List<UnsealKeyShare>();
        for (var i = 0; i < keys.Length; i++)
        {
            var value = SecureStrings.ToSensitive(keys[i]);
            if (UnsealKeyFormat.Problem(value.Reveal()) is { } problem)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "VaultRunbook.Unseal.InvalidKeyFormat",
                    ErrorCategory.InvalidArgument,
                    $"-Key share #{i + 1} is not an unseal key share: {problem}.",
                    $"Key[{i}]"));
            }

            shares.Add(new UnsealKeyShare(new SensitiveString(value.Reveal().Trim()), $"-Key share #{i + 1}"));
        }

        return shares;
    }

    private IReadOnlyList<UnsealKeyShare> PromptForShares(string address, int needed)
    {
        for (var i = _prompted.Count + 1; i <= needed; i++)
        {
            Host.UI.Write($"Unseal key share {i} of {needed} for {address}: ");
            var value = SecureStrings.ToSensitive(Host.UI.ReadLineAsSecureString());
            Host.UI.WriteLine();
            if (UnsealKeyFormat.Problem(value.Reveal()) is { } problem)
            {
                ThrowTerminatingError(ErrorRecords.Create(
                    "VaultRunbook.Unseal.InvalidKeyFormat",
                    ErrorCategory.InvalidArgument,
                    $"The share typed at prompt {i} is not an unseal key share: {problem}.",
                    address));
            }

            _prompted.Add(new UnsealKeyShare(new SensitiveString(value.Reveal().Trim()), $"prompt {i}"));
        }

        return _prompted;
    }
}
