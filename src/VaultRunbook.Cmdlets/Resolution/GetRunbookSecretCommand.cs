using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// <para type="synopsis">Resolves a secret the way a migrating service does: from the environment or from Vault, as the rollout (mode, canary, kill switch) says, through the secret map. Outputs a SecureString, or a string with -AsPlainText.</para>
/// <para type="description">env mode and the kill switch read the environment; vault mode reads Vault (an error when it cannot, unless EmergencyFallback is on); dual mode sends the canary percentage of accesses to Vault and falls back to the environment when Vault fails; shadow mode serves the environment and only compares it with Vault. The resolver, its cache (the rollout's cache TTL, 5 minutes by default) and its Vault connection are kept for the session: a later call with the same map, state file, statistics file and connection reuses them, so a repeated vault-mode call within the TTL makes no Vault request. A change to the map or to the rollout state (the kill switch above all) made through the module in this process (Set-VaultCanary, Enable-KillSwitch) is seen on the next call; one made by another process or tool once Linux reports it to the module (inotify: normally well under a millisecond, within a second at worst), and on the next call where that cannot be trusted (other systems, network file systems, a path through a symbolic link such as a Kubernetes volume's), since every call then stats the files (VAULT_RUNBOOK_CHANGE_WATCH=off makes every call do so); Clear-RunbookSecretCache empties the cache, -NoCache bypasses it, and removing the module disposes of it. Every access is counted in memory and added to the statistics file that Get-SecretAccessStats reads every 30 s, when the module is removed and when the process exits. ErrorIds: VaultRunbook.Resolution.SecretNotFound, .FieldNotFound, .VaultUnavailable, .NotMapped, .InvalidSecretMap, .SecretMapNotFound, .InvalidPath.</para>
/// <example><code>$cred = Get-RunbookSecret -Name PG_PASSWORD -SecretMap ./secrets.psd1 | ForEach-Object { [pscredential]::new('app', $_) }</code><para>Resolves the database password as the service would (env, Vault or both, per the rollout) and wraps the SecureString in a credential.</para></example>
/// <example><code>'HF_TOKEN', 'PG_PASSWORD' | Get-RunbookSecret -SecretMap ./secrets.json -Verbose</code><para>Resolves two names in one call; -Verbose says where each came from, never its value.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "RunbookSecret")]
[OutputType(typeof(SecureString), typeof(string))]
public sealed class GetRunbookSecretCommand : SecretResolverCmdlet
{
    /// <summary>The environment variable name(s) to resolve, as the secret map names them.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    /// <summary>Output the value as a plain string ([string]) instead of a SecureString. It then shows wherever it is printed.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    /// <summary>Bypass the session's resolver and its cache: read the map, the rollout state and Vault afresh for this call only, and write its counts at its end. The session's cache is left as it is.</summary>
    [Parameter]
    public SwitchParameter NoCache { get; set; }

    protected override bool BypassSessionCache => NoCache.IsPresent;

    protected override void BeginProcessing() => OpenResolver();

    protected override void ProcessRecord()
    {
        var resolver = OpenResolver();
        foreach (var name in Name)
        {
            try
            {
                var resolved = Resolve(resolver, name);
                WriteVerbose($"{name}: {Describe(resolved)}.");
                WriteObject(AsPlainText ? resolved.Value.Reveal() : ToSecure(resolved.Value.Reveal()));
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex, name);
            }
        }
    }

    protected override void EndProcessing() => CloseResolver();

    // One copy into the SecureString (NetworkCredential uses its char* constructor), not one call per character.
    private static SecureString ToSecure(string value)
    {
        var secure = new System.Net.NetworkCredential(string.Empty, value).SecurePassword;
        secure.MakeReadOnly();
        return secure;
    }

    internal static string Describe(ResolvedSecret resolved) => resolved.Source switch
    {
        SecretSource.Vault => resolved.FromCache ? "from vault (cache)" : "from vault",
        SecretSource.EnvFallback => "from env (vault failed: env-fallback)",
        _ => "from env",
    };
}
