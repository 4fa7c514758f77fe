using Xunit;

namespace VaultRunbook.Host.Tests;

/// <summary>The command line: -File with script arguments, -Command, stdin, usage.</summary>
public sealed class ArgumentTests : IDisposable
{
    private const string ParamScript = """
        param(
            [Parameter(Position = 0)] [string] $First,
            [string] $Name,
            [switch] $Force,
            [int] $Count,
            [Parameter(Position = 1)] [string] $Second
        )
        "First=$First|Name=$Name|Force=$Force|Count=$Count|Second=$Second"
        """;

    private readonly HostProcess _host = new();
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void FileBindsNamedSwitchAndPositionalArguments()
    {
        var script = _scripts.Write("params.ps1", ParamScript);

        var result = _host.RunFile(script, "-Name", "vault-a", "-Force", "first value", "-Count", "4", "second");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("First=first value|Name=vault-a|Force=True|Count=4|Second=second", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FileBindsColonFormsAndSwitchFalse()
    {
        var script = _scripts.Write("params.ps1", ParamScript);

        var result = _host.RunFile(script, "-Name:vault-b", "-Force:$false", "-Count:2");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("First=|Name=vault-b|Force=False|Count=2|Second=", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithAnUnknownParameterFails()
    {
        var script = _scripts.Write("params.ps1", ParamScript);

        var result = _host.RunFile(script, "-NoSuchParameter", "x");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("NoSuchParameter", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void FileSetsScriptRootAndRunsFromARelativePath()
    {
        _scripts.Write("sub/where.ps1", "\"root=$PSScriptRoot\"\n");

        var result = _host.Run(["-File", "sub/where.ps1"], workingDirectory: _scripts.Path);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"root={Path.Combine(_scripts.Path, "sub")}", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingScriptFileIsUsageError()
    {
        var result = _host.Run(["-File", Path.Combine(_scripts.Path, "missing.ps1")]);

        Assert.True(result.ExitCode == 64, result.ToString());
        Assert.Contains("missing.ps1", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandJoinsTheRemainingArguments()
    {
        var result = _host.Run(["-NoProfile", "-NoLogo", "-Command", "'a' +", "'b'"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("ab", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void CommandDashReadsTheScriptFromStdin()
    {
        var result = _host.Run(["-NonInteractive", "-Command", "-"], stdin: "$total = 0\nforeach ($n in 1..4) { $total += $n }\n\"total=$total\"\nexit 4\n");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("total=10", result.Stdout, StringComparison.Ordinal);
    }
}
