using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// The Kubernetes clients of one PowerShell session (DESIGN rule 14): one pool per runspace, so a context's client
/// is made once and reused by every later call; disposed when the module is removed.
/// </summary>
internal static class KubeSession
{
    private static readonly ConditionalWeakTable<Runspace, KubeConnectionPool> Pools = new();

    public static KubeConnectionPool Current =>
        Runspace.DefaultRunspace is { } runspace ? Pools.GetValue(runspace, _ => new KubeConnectionPool()) : new KubeConnectionPool();

    /// <summary>Disposes of the current runspace's clients (module removal).</summary>
    public static void ReleaseCurrentRunspace()
    {
        if (Runspace.DefaultRunspace is { } runspace && Pools.TryGetValue(runspace, out var pool))
        {
            Pools.Remove(runspace);
            pool.Dispose();
        }
    }
}
