using System.Reflection;

namespace VaultRunbook.Host;

/// <summary>Where the module bundled with the host lives, and how scripts find it.</summary>
internal static class BundledModule
{
    /// <summary>The variable the examples and Pester files import the module from when it is set.</summary>
    public const string ModuleVariable = "VAULT_RUNBOOK_MODULE";

    public static string Version { get; } =
        typeof(BundledModule).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static string HelpText { get; } = string.Join(Environment.NewLine,
    [
        "vaultrunbook is pwsh with the VaultRunbook module on its module path; it takes pwsh's arguments:",
        "  vaultrunbook -File ./runbook.ps1 [-Name value ...]     vaultrunbook -NoProfile -Command '<text>'",
        $"Scripts that import the module by ${ModuleVariable} get the bundled one unless it is set already.",
        "See 'vaultrunbook -Help' for pwsh's full list of options.",
    ]);

    /// <summary>
    /// Puts Modules/ beside the program first on PSModulePath (so auto-loading and Import-Module VaultRunbook find
    /// this build), and names the bundled manifest in VAULT_RUNBOOK_MODULE unless the user set it.
    /// </summary>
    public static void PutOnModulePath(string baseDirectory)
    {
        var modules = Path.Combine(baseDirectory, "Modules");
        var current = Environment.GetEnvironmentVariable("PSModulePath");
        var entries = (current ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (!entries.Contains(modules, StringComparer.Ordinal))
        {
            Environment.SetEnvironmentVariable("PSModulePath", string.IsNullOrEmpty(current) ? modules : modules + Path.PathSeparator + current);
        }

        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ModuleVariable)))
        {
            Environment.SetEnvironmentVariable(ModuleVariable, Path.Combine(modules, "VaultRunbook", "VaultRunbook.psd1"));
        }
    }
}
