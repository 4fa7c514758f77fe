using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>Where the rollout state is stored: a JSON file, or a Vault KV v2 path every service reads.</summary>
public enum RolloutStoreKind
{
    File,
    Vault,
}

/// <summary>
/// The store parameters every rollout cmdlet shares: -ConfigPath (else VAULT_RUNBOOK_ROLLOUT, else the per-user
/// config folder), or -Store Vault -Mount -Path with the Vault connection parameters.
/// </summary>
public abstract class RolloutCmdlet : VaultCmdlet
{
    /// <summary>File (default) or Vault.</summary>
    [Parameter]
    public RolloutStoreKind Store { get; set; } = RolloutStoreKind.File;

    /// <summary>The state file (file store). Defaults to VAULT_RUNBOOK_ROLLOUT, else rollout.json in the per-user config folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_ROLLOUT, else rollout.json in the per-user VaultRunbook folder")]
    public string? ConfigPath { get; set; }

    /// <summary>The KV v2 mount (Vault store).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Mount { get; set; } = "secret";

    /// <summary>The KV v2 path (Vault store), e.g. runbook/rollout/api.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The node (Vault store). Defaults to VAULT_ADDR.</summary>
    [Parameter]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>The store, as ShouldProcess names the target.</summary>
    protected string StoreTarget => Store == RolloutStoreKind.Vault ? $"vault:{Mount}/{Path}" : ConfigPath ?? "rollout state (default file)";

    protected RolloutController OpenController()
    {
        IRolloutStore store;
        if (Store == RolloutStoreKind.Vault)
        {
            if (string.IsNullOrEmpty(Path))
            {
                ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Rollout.PathRequired", ErrorCategory.InvalidArgument, "-Store Vault needs -Path, the KV v2 path that holds the rollout state.", null));
            }

            store = new VaultRolloutStore(ClientFor(ResolveSettings(Address?.Address)), Mount, Path!);
        }
        else
        {
            var path = ConfigPath is null
                ? RolloutPaths.DefaultConfigPath(Environment.GetEnvironmentVariable)
                : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConfigPath);
            store = new FileRolloutStore(path);
        }

        return new RolloutController(store, Environment.GetEnvironmentVariable);
    }

    /// <summary>Runs a rollout operation; an Engine failure becomes this cmdlet's ErrorRecord and gives false.</summary>
    protected bool TryInvoke<T>(Func<RolloutController, CancellationToken, Task<T>> operation, out T result) =>
        TryInvoke(operation, OpenController(), out result);

    /// <summary>As above, on a controller already opened.</summary>
    protected bool TryInvoke<T>(Func<RolloutController, CancellationToken, Task<T>> operation, RolloutController controller, out T result)
    {
        try
        {
            result = Run(ct => operation(controller, ct));
            return true;
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex);
            result = default!;
            return false;
        }
        finally
        {
            foreach (var warning in controller.TakeWarnings())
            {
                WriteCaution(warning);
            }
        }
    }

    /// <summary>Warns when an environment override hides the stored value the cmdlet just changed.</summary>
    protected void WarnAboutOverrides(EffectiveRollout rollout)
    {
        foreach (var item in rollout.Overrides)
        {
            WriteCaution($"{item.Variable}={item.Value} overrides the stored {item.Field} for processes that see this environment.");
        }
    }

    /// <summary>
    /// A warning. Under -Debug (without -WarningAction) PowerShell makes every warning of a compiled cmdlet an
    /// Inquire prompt, which fails in a non-interactive session (a scheduled job, CI); there the warning goes to the
    /// debug stream that -Debug asked for, marked WARNING.
    /// </summary>
    protected void WriteCaution(string message)
    {
        if (DebugWouldInquire("WarningAction"))
        {
            WriteDebug("WARNING: " + message);
        }
        else
        {
            WriteWarningOnce(message);
        }
    }

    /// <summary>A verbose line; under -Debug without -Verbose it goes to the debug stream (see <see cref="WriteCaution"/>).</summary>
    protected void WriteDetail(string message)
    {
        if (DebugWouldInquire("Verbose"))
        {
            WriteDebug(message);
        }
        else
        {
            WriteVerbose(message);
        }
    }

    private bool DebugWouldInquire(string overridingParameter) =>
        MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter { IsPresent: true }
        && !MyInvocation.BoundParameters.ContainsKey(overridingParameter);
}
