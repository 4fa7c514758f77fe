using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">Allows signatures to fall back to the local key while Vault is down (the runbook's ALLOW_FALLBACK_SIGNING), in the rollout state every service reads. Idempotent.</para>
/// <para type="description">Stored as allow_fallback_signing in the rollout state (file or Vault KV, as Enable-KillSwitch
/// stores its flag), with who, when and why in its history; ALLOW_FALLBACK_SIGNING=true|false in a process's
/// environment overrides it there. The change is recorded in the action journal.</para>
/// <example><code>Get-VaultHealth | Where-Object Sealed | ForEach-Object { Enable-FallbackSigning -Reason "vault sealed at $($_.Address)" } | Format-List AllowFallbackSigning, Store</code><para>Turns fallback signing on for every service when a node reports sealed, and shows the stored state.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "FallbackSigning", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.EffectiveRollout)]
public sealed class EnableFallbackSigningCommand : FallbackSigningToggleCmdlet
{
    /// <summary>Why, for the history and the incident timeline.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Reason { get; set; } = string.Empty;

    protected override void EndProcessing() => Toggle(allow: true, Reason);
}
