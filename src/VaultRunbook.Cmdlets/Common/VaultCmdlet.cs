using System.Management.Automation;
using System.Security;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// The connection parameters every Vault cmdlet shares (DESIGN rule 3), with the Vault CLI's environment
/// defaults, and one pooled client per node for the whole invocation.
/// </summary>
public abstract class VaultCmdlet : AsyncCmdlet
{
    private const int MaxThrottleLimit = 256;

    private Dictionary<string, IVaultClient>? _clients; // made by the first ClientFor: a cached secret needs none

    /// <summary>The token; defaults to VAULT_TOKEN, then ~/.vault-token. A plain string is accepted too; a piped object's Token property (Connect-VaultAppRole) binds by name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "VAULT_TOKEN, else the contents of ~/.vault-token")]
    [SecureStringTransformation]
    public SecureString? Token { get; set; }

    /// <summary>The Vault namespace (Enterprise/OpenBao); defaults to VAULT_NAMESPACE.</summary>
    [PSDefaultValue(Help = "VAULT_NAMESPACE, else none (the root namespace)")]
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Namespace { get; set; }

    /// <summary>A PEM bundle of CA certificates to trust; defaults to VAULT_CACERT.</summary>
    [Parameter]
    [PSDefaultValue(Help = "VAULT_CACERT, else the system's trusted CAs")]
    public string? CACertificatePath { get; set; }

    /// <summary>Do not verify the server's TLS certificate (VAULT_SKIP_VERIFY). Gives a warning.</summary>
    [Parameter]
    [PSDefaultValue(Help = "False, or True when VAULT_SKIP_VERIFY is set to a true value")]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <summary>Seconds to wait for each attempt of each request, 1 to 3600 (default 60).</summary>
    [Parameter]
    [PSDefaultValue(Help = "60")]
    public int TimeoutSec { get; set; }

    /// <summary>Resolves the connection to one node; a bad address or setting stops the cmdlet (bad usage).</summary>
    protected VaultConnectionSettings ResolveSettings(string? address)
    {
        try
        {
            var settings = VaultConnectionSettings.Resolve(
                address,
                Token is null ? null : SecureStrings.ToSensitive(Token),
                Namespace,
                CACertificatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CACertificatePath),
                SkipCertificateCheck.IsPresent ? true : null,
                MyInvocation.BoundParameters.ContainsKey(nameof(TimeoutSec)) ? TimeSpan.FromSeconds(TimeoutSec) : null,
                Environment.GetEnvironmentVariable,
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
            foreach (var warning in settings.Warnings)
            {
                WriteWarningOnce(warning);
            }

            var session = ModuleSession.Current;
            foreach (var warning in settings.SessionWarnings.Where(session.FirstTime))
            {
                WriteWarning(warning);
            }

            session.RememberAddress(settings.AddressText);
            return settings;
        }
        catch (EngineException ex)
        {
            // The Engine's target is the address without credentials; the raw text never reaches the record.
            ThrowEngineError(ex);
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    /// <summary>-ThrottleLimit out of 1..256: the module's own id (not PowerShell's generic validation error).</summary>
    protected void CheckThrottleLimit(int throttleLimit)
    {
        if (throttleLimit is < 1 or > MaxThrottleLimit)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Vault.InvalidThrottleLimit", ErrorCategory.InvalidArgument, $"-ThrottleLimit must be between 1 and {MaxThrottleLimit}, not {throttleLimit}.", throttleLimit));
        }
    }

    /// <summary>The pooled client for a node, created once per invocation.</summary>
    protected IVaultClient ClientFor(VaultConnectionSettings settings)
    {
        // A token piped per record (Connect-VaultAppRole | ...) gets a client of its own: the key holds a hash of it.
        var key = $"{settings.AddressText}|{settings.Namespace}|{TokenKey(settings.Token)}";
        _clients ??= new Dictionary<string, IVaultClient>(StringComparer.OrdinalIgnoreCase);
        if (!_clients.TryGetValue(key, out var client))
        {
            client = new VaultHttpClient(settings);
            _clients[key] = client;
        }

        return client;
    }

    /// <summary>
    /// Runs one call per item, at most <paramref name="throttle"/> at once, each on a client of its own (one
    /// connection per node), and gives the outcomes in input order. An expected failure stays with its item so the
    /// others go on. Progress is shown when there is more than one item.
    /// </summary>
    protected IReadOnlyList<(T? Result, EngineException? Error)> RunForEach<TItem, T>(
        IReadOnlyList<TItem> items,
        Func<TItem, VaultConnectionSettings> settingsOf,
        int throttle,
        string activity,
        Func<IVaultClient, TItem, CancellationToken, Task<T>> work)
        where T : class
    {
        var progress = new ProgressRecord(1, activity, $"0 of {items.Count}");
        var showProgress = items.Count > 1;
        var results = Run(ct => BoundedParallel.RunAsync<TItem, (T?, EngineException?)>(
            items,
            throttle,
            async (item, token) =>
            {
                try
                {
                    using var client = new VaultHttpClient(settingsOf(item));
                    return (await work(client, item, token).ConfigureAwait(false), null);
                }
                catch (EngineException ex)
                {
                    return (null, ex);
                }
            },
            (done, _) =>
            {
                if (showProgress)
                {
                    Post(() =>
                    {
                        progress.StatusDescription = $"{done} of {items.Count}";
                        progress.PercentComplete = done * 100 / items.Count;
                        WriteProgress(progress);
                    });
                }
            },
            ct));

        if (showProgress)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }

        return results;
    }

    /// <summary>
    /// Runs an action Vault does not audit; when it fails, the failure (its ErrorId and message) is recorded as
    /// the action's outcome before the exception goes on to the caller.
    /// </summary>
    protected T RunRecorded<T>(string action, string address, Func<CancellationToken, Task<T>> work)
    {
        try
        {
            return Run(work);
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now(action, address, "Failed") with { ErrorId = ex.ErrorId, Message = ex.Message });
            throw;
        }
    }

    private static string TokenKey(SensitiveString? token) =>
        token is null ? string.Empty : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token.Reveal())));

    protected override void Dispose(bool disposing)
    {
        if (disposing && _clients is not null)
        {
            foreach (var client in _clients.Values)
            {
                client.Dispose();
            }

            _clients.Clear();
        }

        base.Dispose(disposing);
    }
}
