using Xunit;

namespace VaultRunbook.Host.Tests;

/// <summary>Where each PowerShell stream ends up, and how output is rendered.</summary>
public sealed class StreamTests : IDisposable
{
    private readonly HostProcess _host = new();
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void VerboseIsSilentUnlessAskedFor()
    {
        var result = _host.RunCommand("function f { [CmdletBinding()] param() $PSCmdlet.WriteVerbose('quiet') }; f");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("quiet", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void InformationGoesToStdoutWhenShown()
    {
        var result = _host.RunCommand("function f { [CmdletBinding()] param() $PSCmdlet.WriteInformation('3 of 5 keys accepted', @('runbook')) }; f -InformationAction Continue");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 of 5 keys accepted", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ProgressIsDroppedWhenStderrIsNotATerminal()
    {
        var result = _host.RunCommand("""
            function f {
                [CmdletBinding()] param()
                $record = [System.Management.Automation.ProgressRecord]::new(1, 'Unsealing', 'node 2 of 3')
                $record.PercentComplete = 66
                $PSCmdlet.WriteProgress($record)
                'done'
            }
            f
            """);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Unsealing", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unsealing", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("done", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CustomObjectRendersAsATableThroughOutDefault()
    {
        var result = _host.RunCommand("""
            [pscustomobject]@{ Address = 'https://10.0.0.1:8200'; Sealed = $true }
            [pscustomobject]@{ Address = 'https://10.0.0.2:8200'; Sealed = $false }
            """);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()).ToList();
        var header = lines.FindIndex(l => l.StartsWith("Address", StringComparison.Ordinal) && l.EndsWith("Sealed", StringComparison.Ordinal));
        Assert.True(header >= 0, result.ToString());
        Assert.StartsWith("-------", lines[header + 1], StringComparison.Ordinal);
        Assert.Contains("https://10.0.0.1:8200", lines[header + 2], StringComparison.Ordinal);
        Assert.EndsWith("True", lines[header + 2], StringComparison.Ordinal);
        Assert.EndsWith("False", lines[header + 3], StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', result.Stdout);
    }

    [Fact]
    public void ObjectWithManyPropertiesRendersAsAList()
    {
        var result = _host.RunCommand("[pscustomobject]@{ A = 1; B = 2; C = 3; D = 4; E = 5; F = 'sixth' }");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Stdout.ReplaceLineEndings("\n").Split('\n'), line => line.TrimEnd() == "F : sixth");
    }

    [Fact]
    public void HostWritesGoToStdout()
    {
        var result = _host.RunCommand("$Host.UI.WriteLine('via the host'); $Host.UI.WriteErrorLine('an error line')");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("via the host", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("an error line", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("an error line", result.Stdout, StringComparison.Ordinal);
    }
}
