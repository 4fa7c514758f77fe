using System.Management.Automation;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// <para type="synopsis">Empties the session's secret cache: every resolver Get-RunbookSecret and Start-VaultEnvProcess kept for this session (its cached Vault values, its Vault connection, its secret map) is disposed, after its access counts are written to the statistics file.</para>
/// <para type="description">The next call builds a new resolver: it reads the secret map and the rollout state again and goes to Vault for each path once. Use it after rotating a secret in Vault when the new value must be served before the cache TTL runs out. -Verbose says how many resolvers and cached paths were dropped. Nothing is output.</para>
/// <example><code>Invoke-SecretRotation -Path secret/app/db -Generate pg_password | ForEach-Object { Clear-RunbookSecretCache; Get-RunbookSecret PG_PASSWORD -SecretMap ./secrets.psd1 }</code><para>After a rotation, empties the session cache so the next resolution reads the new password from Vault instead of the cached one.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Clear, "RunbookSecretCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class ClearRunbookSecretCacheCommand : PSCmdlet
{
    protected override void EndProcessing()
    {
        var registry = SessionResolverRegistry.ExistingForCurrentRunspace();
        var count = registry?.Count ?? 0;
        if (registry is null || !ShouldProcess($"{count} session resolver(s)", "Clear the secret cache"))
        {
            return;
        }

        var (resolvers, paths, failures) = registry.Clear();
        foreach (var failed in failures)
        {
            WriteWarning($"The access counts of a cleared resolver could not be written to its statistics file: {failed.Message}");
        }

        WriteVerbose($"Cleared {resolvers} session resolver(s) holding {paths} cached Vault path(s); their access counts were written to their statistics files.");
    }
}
