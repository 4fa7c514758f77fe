using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// examples/Import-VaultRunbook.ps1, which every example and Pester file dot-sources: the module already imported,
/// else $env:VAULT_RUNBOOK_MODULE, else the newest build output (Debug or Release), else the installed module.
/// </summary>
public sealed class ImportHelperTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vaultrunbook-import-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string Helper => Path.Combine(RepoPaths.Examples, ExampleScriptTests.ImportHelper);

    [Fact]
    public void VAULT_RUNBOOK_MODULE_is_imported_when_set()
    {
        var manifest = FakeModule("9.9.9");

        var result = HostRunner.Run("-NoProfile", "-NonInteractive", "-Command", $"$env:VAULT_RUNBOOK_MODULE = '{manifest}'; . '{Helper}'; (Get-Module VaultRunbook).Version.ToString()");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("9.9.9", result.StdOut.Trim());
    }

    [Fact]
    public void An_already_imported_module_is_kept()
    {
        var first = FakeModule("1.2.3");
        var other = FakeModule("9.9.9");

        var result = HostRunner.Run("-NoProfile", "-NonInteractive", "-Command", $"Import-Module '{first}'; $env:VAULT_RUNBOOK_MODULE = '{other}'; . '{Helper}'; (Get-Module VaultRunbook).Version.ToString()");

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal("1.2.3", result.StdOut.Trim());
    }

    [Fact]
    public void Without_the_variable_the_newest_build_output_is_imported()
    {
        // The Host names its bundled module in the variable; clear it to reach the next rule.
        var result = HostRunner.Run("-NoProfile", "-NonInteractive", "-Command", $"$env:VAULT_RUNBOOK_MODULE = $null; . '{Helper}'; (Get-Module VaultRunbook).ModuleBase");

        Assert.True(result.ExitCode == 0, result.StdErr);
        var newest = new[] { "Debug", "Release" }
            .Select(c => new FileInfo(Path.Combine(RepoPaths.Root, "src", "VaultRunbook.Cmdlets", "bin", c, "net8.0", "VaultRunbook.Cmdlets.dll")))
            .Where(f => f.Exists)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .First();
        Assert.Equal(newest.DirectoryName, result.StdOut.Trim());
    }

    private string FakeModule(string version)
    {
        var folder = Path.Combine(_folder, version, "VaultRunbook");
        Directory.CreateDirectory(folder);
        var manifest = Path.Combine(folder, "VaultRunbook.psd1");
        File.WriteAllText(manifest, $"@{{ ModuleVersion = '{version}'; GUID = '{Guid.NewGuid()}' }}");
        return manifest;
    }
}
