using Xunit;

namespace VaultRunbook.Host.Tests;

/// <summary>The VaultRunbook module is imported before the script, from where it should be.</summary>
public sealed class ModuleImportTests : IDisposable
{
    private readonly HostProcess _host = new();
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void ModuleIsImportedBeforeTheScriptRuns()
    {
        var result = _host.RunCommand("(Get-Module VaultRunbook).Name");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("VaultRunbook", result.Stdout.Trim());
    }

    [Fact]
    public void BundledModuleIsUsedAndNamedInTheEnvironment()
    {
        var result = _host.RunCommand("$env:VAULTRUNBOOK_MODULE; (Get-Module VaultRunbook).ModuleBase");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Equal(_host.BundledModule, lines[0]);
        Assert.Equal(Path.GetDirectoryName(_host.BundledModule), lines[1]);
    }

    [Fact]
    public void EnvironmentVariableChoosesTheModule()
    {
        var manifest = WriteFormatModule();

        var result = _host.Run(
            ["-NonInteractive", "-Command", "$env:VAULTRUNBOOK_MODULE; (Get-Module VaultRunbook).ModuleBase"],
            environment: new Dictionary<string, string?> { ["VAULTRUNBOOK_MODULE"] = manifest });

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.ReplaceLineEndings("\n").Trim().Split('\n');
        Assert.Equal(manifest, lines[0]);
        Assert.Equal(Path.GetDirectoryName(manifest), lines[1]);
    }

    [Fact]
    public void TypeWithAViewInTheModuleFormatFileRendersThroughItsView()
    {
        var manifest = WriteFormatModule();
        const string Script = """
            [pscustomobject]@{ PSTypeName = 'VaultRunbook.Tests.Node'; Address = 'https://10.0.0.1:8200'; Sealed = $false; Secret = 'do-not-show' }
            """;

        var result = _host.Run(
            ["-NonInteractive", "-Command", Script],
            environment: new Dictionary<string, string?> { ["VAULTRUNBOOK_MODULE"] = manifest });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Node Address", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("https://10.0.0.1:8200", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-show", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingModuleFailsClearly()
    {
        var missing = Path.Combine(_scripts.Path, "nowhere", "VaultRunbook.psd1");

        var result = _host.Run(
            ["-Command", "'should not run'"],
            environment: new Dictionary<string, string?> { ["VAULTRUNBOOK_MODULE"] = missing });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains(missing, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("VaultRunbook module", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("should not run", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ModuleThatFailsToImportFailsClearly()
    {
        var manifest = _scripts.Write("Broken/VaultRunbook.psd1", "@{ ModuleVersion = '0.0.1'; RootModule = 'NotThere.dll' }\n");

        var result = _host.Run(
            ["-Command", "'should not run'"],
            environment: new Dictionary<string, string?> { ["VAULTRUNBOOK_MODULE"] = manifest });

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Cannot import the VaultRunbook module", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("should not run", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Stderr.ReplaceLineEndings("\n").Split('\n'), line => line.StartsWith("   at ", StringComparison.Ordinal));
    }

    /// <summary>A stand-in VaultRunbook module whose format file has a table view for one type.</summary>
    private string WriteFormatModule()
    {
        _scripts.Write("Module/VaultRunbook.format.ps1xml", """
            <?xml version="1.0" encoding="utf-8"?>
            <Configuration>
              <ViewDefinitions>
                <View>
                  <Name>VaultRunbook.Tests.Node</Name>
                  <ViewSelectedBy><TypeName>VaultRunbook.Tests.Node</TypeName></ViewSelectedBy>
                  <TableControl>
                    <TableHeaders>
                      <TableColumnHeader><Label>Node Address</Label></TableColumnHeader>
                      <TableColumnHeader><Label>Sealed</Label></TableColumnHeader>
                    </TableHeaders>
                    <TableRowEntries>
                      <TableRowEntry>
                        <TableColumnItems>
                          <TableColumnItem><PropertyName>Address</PropertyName></TableColumnItem>
                          <TableColumnItem><PropertyName>Sealed</PropertyName></TableColumnItem>
                        </TableColumnItems>
                      </TableRowEntry>
                    </TableRowEntries>
                  </TableControl>
                </View>
              </ViewDefinitions>
            </Configuration>
            """);
        return _scripts.Write("Module/VaultRunbook.psd1", """
            @{
                ModuleVersion    = '0.0.1'
                GUID             = '0b5a3f34-1c0e-4c5e-8a53-8b1e0a3f8e10'
                FormatsToProcess = @('VaultRunbook.format.ps1xml')
            }
            """);
    }
}
