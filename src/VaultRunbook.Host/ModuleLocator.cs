namespace VaultRunbook.Host;

/// <summary>Finds the VaultRunbook module manifest the host imports before a script runs.</summary>
internal static class ModuleLocator
{
    /// <summary>The environment variable that names the manifest, and that the host sets for scripts and Pester files.</summary>
    public const string EnvironmentVariable = "VAULTRUNBOOK_MODULE";

    /// <summary>
    /// $env:VAULTRUNBOOK_MODULE when set (relative paths are taken from the current directory),
    /// else Modules/VaultRunbook/VaultRunbook.psd1 beside the program.
    /// </summary>
    public static (string Path, bool FromEnvironment) Resolve(string? environmentValue, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            return (Path.GetFullPath(environmentValue), true);
        }

        return (Path.GetFullPath(Path.Combine(baseDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1")), false);
    }
}
