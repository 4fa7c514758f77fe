using VaultRunbook.Cmdlets.Common;
using System.Management.Automation;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>
/// <para type="synopsis">Turns the kill switch (and emergency fallback) off; the canary percentage and mode apply again. Outputs the state.</para>
/// <example><code>Disable-KillSwitch -Reason 'vault recovered' | ForEach-Object Stored</code><para>Lets resolvers use Vault again once it is healthy, at the percentage that was set before the kill switch.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Disable, "KillSwitch", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.EffectiveRollout)]
public sealed class DisableKillSwitchCommand : RolloutCmdlet
{
    /// <summary>Why, for the history.</summary>
    [Parameter(Position = 0)]
    public string? Reason { get; set; }

    protected override void EndProcessing()
    {
        if (!ShouldProcess(StoreTarget, "Turn the kill switch off (the canary applies again)"))
        {
            return;
        }

        if (TryInvoke((controller, ct) => controller.DisableKillSwitchAsync(Reason, RolloutController.CurrentOperator, ct), out var result))
        {
            var (rollout, changed) = result;
            WriteDetail(changed ? "Kill switch turned off." : "The kill switch was already off; nothing changed.");
            WarnAboutOverrides(rollout);
            WriteObject(rollout);
        }
    }
}
