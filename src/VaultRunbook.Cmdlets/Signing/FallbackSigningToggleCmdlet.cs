using VaultRunbook.Cmdlets.Rollout;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>Enable-FallbackSigning and Disable-FallbackSigning: the runbook's ALLOW_FALLBACK_SIGNING, stored in the rollout state.</summary>
public abstract class FallbackSigningToggleCmdlet : RolloutCmdlet
{
    protected void Toggle(bool allow, string? reason)
    {
        var what = allow ? "Allow fallback signing (signatures may use the local key while Vault is down)" : "Stop fallback signing (signatures need Vault)";
        if (!ShouldProcess(StoreTarget, what))
        {
            return;
        }

        var action = allow ? "EnableFallbackSigning" : "DisableFallbackSigning";
        if (TryInvoke((controller, ct) => controller.SetFallbackSigningAsync(allow, reason, RolloutController.CurrentOperator, ct), out var result))
        {
            var (rollout, changed) = result;
            WriteDetail(changed ? $"Fallback signing turned {(allow ? "on" : "off")}." : $"Fallback signing was already {(allow ? "on" : "off")}; nothing changed.");
            WarnAboutOverrides(rollout);
            if (changed)
            {
                RecordAction(ActionRecord.Now(action, rollout.Store, allow ? "Enabled" : "Disabled") with { Message = reason });
            }

            WriteObject(rollout);
        }
    }
}
