namespace VaultRunbook.Tests.Support;

/// <summary>Locations in the checkout, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "fixtures", "vault");

    public static string Examples => Path.Combine(Root, "examples");

    public static string PesterFiles => Path.Combine(Root, "tests", "pester");

    /// <summary>The module bundled beside the tests by the build (Directory.Build.targets).</summary>
    public static string ModuleManifest => Path.Combine(AppContext.BaseDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1");

    public static string HostAssembly
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            return Path.Combine(Root, "src", "VaultRunbook.Host", "bin", configuration, "net10.0", "VaultRunbook.Host.dll");
        }
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(Fixtures, name));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VaultRunbook.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("VaultRunbook.slnx not found above " + AppContext.BaseDirectory);
    }
}
