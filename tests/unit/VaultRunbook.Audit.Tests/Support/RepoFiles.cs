namespace VaultRunbook.Audit.Tests.Support;

/// <summary>Locations in the checkout and the bundled module, found from the test assembly's folder.</summary>
public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string VaultGuides => Path.Combine(Root, "tests", "fixtures", "vault", "audit-file.vault-guides.jsonl");

    public static string SchemaDoc => Path.Combine(Root, "tests", "fixtures", "vault", "audit-file.schema-doc-1.19.compacted.jsonl");

    /// <summary>The module copied beside the tests by the build (Directory.Build.targets).</summary>
    public static string ModuleManifest => Path.Combine(AppContext.BaseDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1");

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
