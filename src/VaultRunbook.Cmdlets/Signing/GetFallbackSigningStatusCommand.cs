using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Cmdlets.Rollout;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Signing;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">Shows whether fallback signing is on (and what turned it on), the fallback key's version and age, and the last fallback signature from the action journal.</para>
/// <example><code>Get-FallbackSigningStatus | Where-Object { $_.Enabled -and $_.KeyAge -gt [timespan]::FromDays(90) } | ForEach-Object { Update-FallbackSigningKey -Path $_.KeyPath }</code><para>Rotates the fallback key when fallback signing is on and the key is older than 90 days.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "FallbackSigningStatus")]
[OutputType(EngineTypeNames.FallbackSigningStatus)]
public sealed class GetFallbackSigningStatusCommand : RolloutCmdlet
{
    /// <summary>The fallback key file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_FALLBACK_KEY, else vault-fallback.json in the per-user VaultRunbook folder")]
    public string? FallbackKeyPath { get; set; }

    protected override void EndProcessing()
    {
        if (!TryInvoke((controller, ct) => controller.GetAsync(ct), out var rollout))
        {
            return;
        }

        var keyPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(FallbackKeyPath ?? FallbackKeyStore.DefaultPath(Environment.GetEnvironmentVariable));
        var status = new FallbackSigningStatus
        {
            Enabled = rollout.AllowFallbackSigning,
            EnabledBy = rollout.Overrides.FirstOrDefault(o => o.Variable == RolloutOverrides.FallbackSigningVariable) is { } o ? $"{o.Variable}={o.Value}" : "rollout state",
            Store = rollout.Store,
            KeyPath = keyPath,
            KeyExists = File.Exists(keyPath),
        };

        if (status.KeyExists)
        {
            try
            {
                using var key = new FallbackKeyStore().Open(keyPath);
                key.Warnings.ToList().ForEach(WriteCaution);
                status = status with
                {
                    KeyId = key.KeyId,
                    KeyVersion = key.Version,
                    KeyCreatedAt = key.CreatedAt,
                    KeyAge = DateTimeOffset.UtcNow - key.CreatedAt,
                    KeyReadableByOthers = key.Warnings.Count > 0,
                    PreviousKeyCount = key.PublicKeys.Count - 1,
                };
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex, keyPath);
            }
        }

        var journal = JournalLocation.Resolve(this);
        try
        {
            var fallbacks = new ActionJournal(journal).Read().Records.Where(r => r.Action == "Sign" && r.SigningMode == nameof(SigningMode.Fallback)).ToList();
            if (fallbacks.Count > 0)
            {
                status = status with { LastFallbackSignature = fallbacks[^1].Time, LastFallbackKeyName = fallbacks[^1].Subject, FallbackSignatureCount = fallbacks.Count };
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteCaution($"The action journal '{journal}' could not be read for the last fallback signature: {ex.Message}");
        }

        WriteObject(status);
    }
}
