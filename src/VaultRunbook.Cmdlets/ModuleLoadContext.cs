using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace VaultRunbook.Cmdlets;

/// <summary>
/// The module-private load context (PowerShell's "Resolving PowerShell module assembly dependency
/// conflicts" pattern). The Cmdlets assembly lives in the default context; the Engine, the Sandbox and
/// every library they use load here from the Dependencies folder, so another module that loaded another
/// version of Polly or KubernetesClient does not clash with ours.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDirectory;

    private ModuleLoadContext(string dependencyDirectory)
        : base("VaultRunbook", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
    }

    internal static ModuleLoadContext? Instance { get; private set; }

    internal static string DependencyDirectory =>
        Path.Combine(Path.GetDirectoryName(typeof(ModuleLoadContext).Assembly.Location)!, "Dependencies");

    internal static void Register()
    {
        if (Instance is not null)
        {
            return;
        }

        Instance = new ModuleLoadContext(DependencyDirectory);
        AssemblyLoadContext.Default.Resolving += ResolveIntoModuleContext;
    }

    internal static void Unregister() => AssemblyLoadContext.Default.Resolving -= ResolveIntoModuleContext;

    // Only our own assemblies are handed over from the default context. Their dependencies then resolve
    // inside this context through Load below, never in the default one.
    private static Assembly? ResolveIntoModuleContext(AssemblyLoadContext defaultContext, AssemblyName name)
    {
        if (Instance is null || name.Name is not ("VaultRunbook.Engine" or "VaultRunbook.Sandbox"))
        {
            return null;
        }

        return Instance.LoadFromAssemblyName(name);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var candidate = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }
}

/// <summary>
/// Registers the load context when PowerShell imports the module; on Remove-Module, drops the session's state and
/// disposes of its resolvers (their counts are written to the statistics file) before unregistering it.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => ModuleLoadContext.Register();

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        Common.ModuleSession.Remove();
        ReleaseSessionState();
        ModuleLoadContext.Unregister();
    }

    // Its own method, so the Engine types a registry holds are loaded only once the load context is registered.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void ReleaseSessionState()
    {
        Resolution.SessionResolverRegistry.ReleaseCurrentRunspace();
        Kubernetes.KubeSession.ReleaseCurrentRunspace();
    }
}
