using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Signing;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">Signs data with a transit key (POST transit/sign), falling back to the local fallback key when Vault stays down and fallback is allowed.</para>
/// <para type="description">The signature is ECDSA over SHA-256 of the input, in ASN.1 DER, standard base64. Vault's
/// signatures read vault:v&lt;N&gt;:&lt;base64&gt; (N is the transit key version). When Vault cannot be reached, is
/// sealed or answers 5xx, the request is tried 3 times with exponential backoff and jitter; if it still fails and
/// fallback is allowed (-AllowFallback, ALLOW_FALLBACK_SIGNING=true, or Enable-FallbackSigning in the rollout state),
/// the fallback key file signs instead: fallback:v&lt;N&gt;:&lt;base64 DER&gt; (N is the fallback key version), which
/// Test-VaultSignature and openssl check with the key file's public key. A 4xx answer (an unknown key:
/// VaultRunbook.Signing.KeyNotFound) is neither retried nor worked around. With fallback not allowed, an outage is
/// VaultRunbook.Signing.VaultUnavailable. Every signature, and its mode, is recorded in the action journal
/// (Get-VaultActionLog -Action Sign).</para>
/// <example><code>Get-ChildItem ./release/*.tar.gz | Invoke-VaultSign -KeyName release -AllowFallback | Select-Object KeyName, SigningMode, Attempts, Signature</code><para>Signs every release archive with the transit key 'release', using the local fallback key only if Vault stays down, and shows which mode signed each one.</para></example>
/// <example><code>Invoke-VaultSign -KeyName release -InputObject 'build 42' | Test-VaultSignature -InputObject 'build 42'</code><para>Signs a string and checks the signature at once: the record carries the signature, key name, mount and address that Test-VaultSignature binds by name.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VaultSign", DefaultParameterSetName = InputSet, SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.SignatureRecord)]
public sealed class InvokeVaultSignCommand : SigningCmdlet
{
    private bool? _fallbackAllowed;
    private string? _fallbackAllowedBy;
    private string _rolloutPath = string.Empty;
    private readonly List<(SigningInput Input, string Target)> _pending = new();

    /// <summary>The transit key that signs.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("Name")]
    public string KeyName { get; set; } = string.Empty;

    /// <summary>What to sign: a string (its UTF-8 bytes), a byte array or a FileInfo (its content).</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ParameterSetName = InputSet)]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <summary>Files to sign (wildcards allowed).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>A SHA-256 digest computed elsewhere (64 hex digits or 32 bytes); Vault signs it as prehashed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = HashSet)]
    [ValidateNotNull]
    public object? Hash { get; set; }

    /// <summary>Sign with the fallback key if Vault stays down, whatever the rollout state says.</summary>
    [Parameter]
    public SwitchParameter AllowFallback { get; set; }

    /// <summary>The rollout state file whose flag (Enable-FallbackSigning) allows fallback.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_ROLLOUT, else rollout.json in the per-user VaultRunbook folder")]
    public string? ConfigPath { get; set; }

    protected override void BeginProcessing() =>
        _rolloutPath = ConfigPath is null
            ? RolloutPaths.DefaultConfigPath(Environment.GetEnvironmentVariable)
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConfigPath);

    /// <summary>Inputs per transit request (batch_input); 1 signs each input on its own as it arrives.</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int BatchSize { get; set; } = 1;

    protected override void ProcessRecord()
    {
        if (ReadInputs(InputObject, Path, Hash) is not { } inputs)
        {
            return;
        }

        _pending.AddRange(inputs.Where(i => ShouldProcess(i.Target, $"Sign with the transit key {Mount}/{KeyName} (or the fallback key if Vault stays down and fallback is allowed)")));
        if (BatchSize == 1 || _pending.Count >= BatchSize)
        {
            Flush();
        }
    }

    protected override void EndProcessing() => Flush();

    // Signs what is pending: one request per input, or batches of -BatchSize inputs.
    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var settings = ResolveSettings(Address?.Address);
        var transit = new TransitApi(ClientFor(settings), Mount);
        var service = new SigningService(transit);
        var keyPath = FallbackKeyFile();
        var batches = _pending.Chunk(BatchSize).ToList();
        _pending.Clear();
        foreach (var batch in batches)
        {
            var keyWarnings = new List<string>();
            var inputs = batch.Select(b => b.Input).ToArray();
            try
            {
                IReadOnlyList<SignatureRecord> records = batch.Length == 1
                    ? [Run(ct => service.SignAsync(KeyName, inputs[0], FallbackAllowedAsync, () => OpenKey(keyPath, keyWarnings), ct))]
                    : Run(ct => service.SignBatchAsync(KeyName, inputs, FallbackAllowedAsync, () => OpenKey(keyPath, keyWarnings), ct));
                keyWarnings.ForEach(WriteWarningOnce);
                if (records[0].SigningMode == SigningMode.Fallback)
                {
                    WriteWarningOnce($"Vault did not sign ({records[0].FallbackReason?.TrimEnd('.')}); signed with the fallback key {records[0].FallbackKeyId} v{records[0].KeyVersion} ({_fallbackAllowedBy}).");
                }
                else
                {
                    RememberPublicKeys(transit, records[0]);
                }

                for (var i = 0; i < records.Count; i++)
                {
                    var record = records[i];
                    RecordAction(ActionRecord.Now("Sign", settings.AddressText, "Signed") with
                    {
                        Subject = $"{Mount}/{KeyName}",
                        SigningMode = record.SigningMode.ToString(),
                        KeyVersion = record.KeyVersion,
                        InputDigest = record.InputDigest,
                    });
                    WriteVerbose($"Signed {batch[i].Target} with {Mount}/{KeyName} v{record.KeyVersion} ({record.SigningMode}, {record.Attempts} attempt(s) at Vault).");
                    WriteObject(record);
                }
            }
            catch (EngineException ex)
            {
                keyWarnings.ForEach(WriteWarningOnce);
                foreach (var input in inputs)
                {
                    RecordAction(ActionRecord.Now("Sign", settings.AddressText, "Failed") with { Subject = $"{Mount}/{KeyName}", InputDigest = input.DigestHex, ErrorId = ex.ErrorId, Message = ex.Message });
                }

                WriteEngineError(ex, KeyName);
            }
        }
    }

    // Asked only after Vault failed, once per invocation: -AllowFallback, else the effective rollout state (its stored
    // flag, or ALLOW_FALLBACK_SIGNING in the environment). A rollout state that cannot be read allows nothing.
    private async Task<bool> FallbackAllowedAsync(CancellationToken cancellationToken)
    {
        if (_fallbackAllowed is { } known)
        {
            return known;
        }

        if (AllowFallback.IsPresent)
        {
            _fallbackAllowedBy = "-AllowFallback";
            return (_fallbackAllowed = true).Value;
        }

        try
        {
            var rollout = await new RolloutController(new FileRolloutStore(_rolloutPath), Environment.GetEnvironmentVariable).GetAsync(cancellationToken).ConfigureAwait(false);
            _fallbackAllowedBy = rollout.Overrides.Any(o => o.Variable == RolloutOverrides.FallbackSigningVariable)
                ? $"{RolloutOverrides.FallbackSigningVariable}={Environment.GetEnvironmentVariable(RolloutOverrides.FallbackSigningVariable)}"
                : $"the rollout state at {rollout.Store}";
            return (_fallbackAllowed = rollout.AllowFallbackSigning).Value;
        }
        catch (EngineException)
        {
            _fallbackAllowedBy = "the rollout state could not be read";
            return (_fallbackAllowed = false).Value;
        }
    }

    private static FallbackSigningKey OpenKey(string path, List<string> warnings)
    {
        var key = new FallbackKeyStore().Open(path);
        warnings.AddRange(key.Warnings);
        return key;
    }

    // Once per key version and session: keep the transit public key so a later check works while Vault is down.
    private void RememberPublicKeys(TransitApi transit, SignatureRecord record)
    {
        var session = ModuleSession.Current;
        if (session.TransitPublicKey(record.Address, record.Mount, record.KeyName, record.KeyVersion) is not null)
        {
            return;
        }

        try
        {
            var key = Run(ct => transit.ReadKeyAsync(record.KeyName, ct));
            session.RememberTransitPublicKeys(record.Address, record.Mount, record.KeyName, key.PublicKeys);
        }
        catch (EngineException ex)
        {
            WriteVerbose($"The public key of {record.Mount}/{record.KeyName} could not be read for later local checks: {ex.Message}");
        }
    }
}
