using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>
/// <para type="synopsis">Stops fallback signing (ALLOW_FALLBACK_SIGNING off) in the rollout state: signatures need Vault again. Idempotent.</para>
/// <para type="description">The runbook's restore step once Vault signs again; follow it with Update-FallbackSigningKey
/// to retire the key used during the outage. The change is recorded in the history and the action journal.</para>
/// <example><code>Disable-FallbackSigning -Reason 'vault restored' | Select-Object AllowFallbackSigning, Overrides</code><para>Turns fallback signing off after the outage and shows whether an environment override still allows it somewhere.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "FallbackSigning", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.EffectiveRollout)]
public sealed class DisableFallbackSigningCommand : FallbackSigningToggleCmdlet
{
    /// <summary>Why, for the history.</summary>
    [Parameter(Position = 0)]
    public string? Reason { get; set; }

    protected override void EndProcessing() => Toggle(allow: false, Reason);
}
