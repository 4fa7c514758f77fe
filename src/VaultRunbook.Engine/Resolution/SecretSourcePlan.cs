using System.Globalization;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Engine.Resolution;

/// <summary>Where a name would come from, without reading anything (no value, no Vault call).</summary>
public sealed record SecretSourcePlan(string Name, PlannedSource Source, SecretReference? Reference, SecretSourceMode Mode, int CanaryPercent, bool KillSwitch)
{
    /// <summary>"env", "vault secret/app/db#pg_password", "vault secret/app/db#pg_password, env-fallback", ...</summary>
    public string Description => Source switch
    {
        PlannedSource.Env => KillSwitch ? "env (kill switch)" : "env",
        PlannedSource.Vault => $"vault {Reference!.Location}",
        PlannedSource.VaultWithEnvFallback => $"vault {Reference!.Location}, env-fallback",
        PlannedSource.Canary => $"vault {Reference!.Location}, env-fallback for {CanaryPercent.ToString(CultureInfo.InvariantCulture)}% of accesses; env otherwise",
        PlannedSource.EnvShadowedByVault => $"env (shadow compare with vault {Reference!.Location})",
        _ => "not in the secret map",
    };

    public override string ToString() => $"{Name} <- {Description}";
}
