using VaultRunbook.Cmdlets.Common;
using System.Management.Automation;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>
/// <para type="synopsis">Turns the kill switch on: every resolver serves env only, at once. Idempotent; records who, when and why; outputs the state.</para>
/// <example><code>Enable-KillSwitch -Reason 'vault 503s' | Format-List Mode, KillSwitch, Stored</code><para>Sends every resolver back to environment values at once during a Vault outage, and shows the state services now see, with who switched it and why.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Enable, "KillSwitch", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.EffectiveRollout)]
public sealed class EnableKillSwitchCommand : RolloutCmdlet
{
    /// <summary>Why, for the history and the incident timeline.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Reason { get; set; } = string.Empty;

    /// <summary>Also let vault-only services fall back to env.</summary>
    [Parameter]
    public SwitchParameter EmergencyFallback { get; set; }

    protected override void EndProcessing()
    {
        if (!ShouldProcess(StoreTarget, "Turn the kill switch on (every service reads env only)"))
        {
            return;
        }

        if (TryInvoke((controller, ct) => controller.EnableKillSwitchAsync(Reason, EmergencyFallback, RolloutController.CurrentOperator, ct), out var result))
        {
            var (rollout, changed) = result;
            WriteDetail(changed ? "Kill switch turned on." : "The kill switch was already on; nothing changed.");
            WarnAboutOverrides(rollout);
            WriteObject(rollout);
        }
    }
}
