using VaultRunbook.Cmdlets.Common;
using System.Management.Automation;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>
/// <para type="synopsis">Sets the canary percentage (0 to 100) and optionally the mode. Refuses to raise it while the kill switch is on, unless -Force.</para>
/// <example><code>Set-VaultCanary -Percent 0 -Mode Shadow -Reason 'gradual rollback' -PassThru | ForEach-Object Stored</code><para>The gradual rollback: no traffic served from Vault, and shadow mode keeps comparing Vault with the environment.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Set, "VaultCanary", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.EffectiveRollout)]
public sealed class SetVaultCanaryCommand : RolloutCmdlet
{
    /// <summary>The share of accesses that go to Vault in dual mode, 0 to 100 (outside it: VaultRunbook.Rollout.InvalidPercent).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public int Percent { get; set; }

    /// <summary>Where resolvers take secrets from: Env (environment only), Vault (Vault only), Dual (Vault for the canary share, with the environment as fallback) or Shadow (environment served, Vault read and compared).</summary>
    [Parameter]
    [ValidateSet(nameof(SecretSourceMode.Env), nameof(SecretSourceMode.Vault), nameof(SecretSourceMode.Dual), nameof(SecretSourceMode.Shadow), IgnoreCase = true)]
    public string? Mode { get; set; }

    /// <summary>Why, for the history.</summary>
    [Parameter]
    public string? Reason { get; set; }

    /// <summary>Raise the percentage even while the kill switch is on.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Output the new state.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        try
        {
            RolloutRules.CheckPercent(Percent, "-Percent");
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
        }

        var what = Mode is { } modeName ? $"Set the canary to {Percent}% in {modeName} mode" : $"Set the canary to {Percent}%";
        if (!ShouldProcess(StoreTarget, what))
        {
            return;
        }

        var mode = Mode is null ? (SecretSourceMode?)null : Enum.Parse<SecretSourceMode>(Mode, ignoreCase: true);
        if (!TryInvoke((controller, ct) => controller.SetCanaryAsync(Percent, mode, Reason, Force, RolloutController.CurrentOperator, ct), out var rollout))
        {
            return;
        }

        WarnAboutOverrides(rollout);
        if (PassThru)
        {
            WriteObject(rollout);
        }
    }
}
