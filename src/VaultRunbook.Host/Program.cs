using Microsoft.PowerShell;

namespace VaultRunbook.Host;

/// <summary>
/// vaultrunbook: pwsh's own console host (Microsoft.PowerShell.ConsoleShell) with the VaultRunbook module bundled
/// beside it on the module path. Arguments, exit codes, prompts, progress and Ctrl+C are pwsh's.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        BundledModule.PutOnModulePath(AppContext.BaseDirectory);
        var banner = $"VaultRunbook {BundledModule.Version} on PowerShell {typeof(System.Management.Automation.PSObject).Assembly.GetName().Version}";
        return ConsoleShell.Start(banner, BundledModule.HelpText, args);
    }
}
