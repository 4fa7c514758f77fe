using System.Management.Automation;
using System.Security;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Unseal;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// A cmdlet that takes unseal key shares (Invoke-VaultUnseal, Submit-VaultRootTokenKey): from -Key, from -KeyFile
/// (one share per line, blank lines and # comments skipped, or the saved output of vault operator init; a warning when others can read it, a refusal without -Force when any user can write it), or from a hidden
/// prompt. Every share is checked the way Vault decodes it before anything is sent; a bad one stops the cmdlet
/// without naming its content.
/// </summary>
public abstract class KeyShareCmdlet : VaultCmdlet
{
    protected const string PromptSet = "Prompt";
    protected const string KeySet = "Key";
    protected const string KeyFileSet = "KeyFile";

    // Shares typed at the prompt, kept for the next piped node of the same cluster so they are typed once.
    private readonly List<UnsealKeyShare> _prompted = new();

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

    /// <summary>The shares from -Key or -KeyFile, read in BeginProcessing; null when they are to be prompted for.</summary>
    protected IReadOnlyList<UnsealKeyShare>? Shares { get; private set; }

    protected override void BeginProcessing()
    {
        if (ParameterSetName == KeyFileSet)
        {
            try
            {
                var contents = UnsealKeyFile.Read(SessionState.Path.GetUnresolvedProviderPathFromPSPath(KeyFile!), allowWritableByOthers: Force);
                contents.Warnings.ToList().ForEach(WriteWarningOnce);
                Shares = contents.Shares;
            }
            catch (EngineException ex)
            {
                ThrowEngineError(ex, KeyFile);
            }
        }
        else if (ParameterSetName == KeySet)
        {
            Shares = ReadKeyParameter(Key!);
        }
    }

    /// <summary>The shares from -Key/-KeyFile, or up to <paramref name="needed"/> typed at a hidden prompt.</summary>
    protected IReadOnlyList<UnsealKeyShare> SharesFor(string address, int needed) => Shares ?? PromptForShares(address, needed);

    /// <summary>Reports share submission on <paramref name="record"/> ("2 of 3 shares"), written on the pipeline thread.</summary>
    protected IProgress<T> ShareProgress<T>(ProgressRecord record, Func<T, (int Done, int Needed)> of) =>
        new CallbackProgress<T>(p => Post(() =>
        {
            var (done, needed) = of(p);
            record.StatusDescription = $"{done} of {needed} shares";
            record.PercentComplete = needed == 0 ? 0 : Math.Min(100, done * 100 / needed);
            WriteProgress(record);
        }));

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
