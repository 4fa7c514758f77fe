using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>
/// <para type="synopsis">Moves the canary to the next step of 10 -> 25 -> 50 -> 75 -> 100 (dual mode), only when readiness passes unless -Force.</para>
/// <example><code>Test-VaultRolloutReadiness | Where-Object Ready | ForEach-Object { Step-VaultCanary -Reason 'week 2: 0 errors' -PassThru }</code><para>Raises the canary to the next step (10, 25, 50, 75, 100) only when every readiness criterion passes, and records why.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Step, "VaultCanary", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.EffectiveRollout)]
public sealed class StepVaultCanaryCommand : ReadinessCmdlet
{
    /// <summary>Why, for the history.</summary>
    [Parameter]
    public string? Reason { get; set; }

    /// <summary>Step even when readiness fails or the kill switch is on.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the new state.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var controller = OpenController();
        if (!TryEvaluateReadiness(controller, out var readiness))
        {
            return;
        }

        foreach (var failed in readiness.Failed)
        {
            WriteDetail($"Readiness: {failed.Name} {failed.Measured} (needs {failed.Threshold}){(failed.Detail is null ? string.Empty : $"; {failed.Detail}")}.");
        }

        var next = CanarySchedule.Next(readiness.CurrentPercent);
        if (!ShouldProcess(StoreTarget, next is null ? "Step the canary (already at 100%)" : $"Step the canary from {readiness.CurrentPercent}% to {next}%"))
        {
            return;
        }

        if (Force && !readiness.Ready)
        {
            WriteCaution($"Stepping although readiness failed: {string.Join(", ", readiness.Failed.Select(c => c.Name))}.");
        }

        if (TryInvoke((c, ct) => c.StepAsync(readiness, Reason, Force, RolloutController.CurrentOperator, ct), controller, out var rollout))
        {
            WarnAboutOverrides(rollout);
            if (PassThru)
            {
                WriteObject(rollout);
            }
        }
    }
}
