using VaultRunbook.Cmdlets.Common;
using System.Management.Automation;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>
/// <para type="synopsis">Shows the rollout state as services see it: stored values with the VAULT_MODE, VAULT_CANARY_PERCENT, VAULT_KILL_SWITCH and VAULT_EMERGENCY_FALLBACK overrides applied, and which applied.</para>
/// <example><code>Get-VaultRollout | ForEach-Object { $_.Stored.History }</code><para>Shows every change of the rollout state: when, who, the percentage and mode, and the reason given.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultRollout")]
[OutputType(EngineTypeNames.EffectiveRollout)]
public sealed class GetVaultRolloutCommand : RolloutCmdlet
{
    protected override void EndProcessing()
    {
        if (TryInvoke((controller, ct) => controller.GetAsync(ct), out var rollout))
        {
            WriteObject(rollout);
        }
    }
}
