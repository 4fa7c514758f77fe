using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>
/// <para type="synopsis">Checks the runbook's readiness criteria before a canary step, each with its measured value, threshold and pass/fail.</para>
/// <para type="description">Zero errors for N days (default 7); vault hit rate within ±5 points of the canary target; p99
/// access latency under 5 ms; no kill-switch activation in the window; cache effectiveness over 2x. Ready is all of
/// them; RecommendedPercent is the next step when ready.</para>
/// <example><code>Test-VaultRolloutReadiness | ForEach-Object Criteria</code><para>Lists each readiness criterion with its measured value, threshold and status before raising the canary.</para></example>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VaultRolloutReadiness")]
[OutputType(EngineTypeNames.RolloutReadiness)]
public sealed class TestVaultRolloutReadinessCommand : ReadinessCmdlet
{
    protected override void EndProcessing()
    {
        if (TryEvaluateReadiness(OpenController(), out var readiness))
        {
            WriteObject(readiness);
        }
    }
}
