using Xunit;

namespace VaultRunbook.Host.Tests;

/// <summary>The process exit code: 'exit N', uncaught errors, non-terminating errors, clean runs.</summary>
public sealed class ExitCodeTests : IDisposable
{
    private readonly HostProcess _host = new();
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void ExitStatementInFileIsTheExitCode()
    {
        var script = _scripts.Write("exit3.ps1", "'before'\nexit 3\n'after'\n");

        var result = _host.RunFile(script);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("before", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("after", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitStatementInCommandIsTheExitCode()
    {
        var result = _host.RunCommand("exit 3");

        Assert.True(result.ExitCode == 3, result.ToString());
    }

    [Fact]
    public void ExitInAFunctionOfTheScriptEndsTheRun()
    {
        var script = _scripts.Write("fn.ps1", "function Stop-Here { exit 5 }\nStop-Here\n'not reached'\n");

        var result = _host.RunFile(script);

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.DoesNotContain("not reached", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitInAChildScriptEndsOnlyThatScript()
    {
        var child = _scripts.Write("child.ps1", "exit 7\n");
        var parent = _scripts.Write("parent.ps1", $"& '{child}'\n\"child said $LASTEXITCODE\"\n");

        var result = _host.RunFile(parent);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("child said 7", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitExitZeroIsZero()
    {
        var script = _scripts.Write("exit0.ps1", "exit 0\n");

        Assert.Equal(0, _host.RunFile(script).ExitCode);
    }

    [Fact]
    public void UncaughtThrowIsOneWithTheMessageAndNoStackTrace()
    {
        var script = _scripts.Write("boom.ps1", "'working'\nthrow 'boom'\n");

        var result = _host.RunFile(script);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("boom", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("boom.ps1:2", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines(result.Stderr), line => line.StartsWith("   at ", StringComparison.Ordinal));
        Assert.DoesNotContain("boom", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void UncaughtThrowInCommandIsOne()
    {
        var result = _host.RunCommand("throw 'boom'");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("boom", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines(result.Stderr), line => line.StartsWith("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public void CleanScriptIsZero()
    {
        var script = _scripts.Write("clean.ps1", "$x = 1 + 1\n\"two is $x\"\n");

        var result = _host.RunFile(script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("two is 2", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stderr);
    }

    [Fact]
    public void NonTerminatingErrorKeepsZeroAndIsPrintedOnStderr()
    {
        var script = _scripts.Write("nonterminating.ps1", """
            function Write-Failure {
                [CmdletBinding()] param()
                $record = [System.Management.Automation.ErrorRecord]::new(
                    [System.Exception]::new('node 10.0.0.1 refused the key'), 'Test.KeyRejected', 'InvalidResult', $null)
                $PSCmdlet.WriteError($record)
            }
            Write-Failure
            'carried on'
            """);

        var result = _host.RunFile(script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("node 10.0.0.1 refused the key", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("refused", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("carried on", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ErrorActionStopMakesAnErrorTerminating()
    {
        var result = _host.RunCommand("$ErrorActionPreference = 'Stop'; Import-Module NoSuchModule.VaultRunbookTests; 'not reached'");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.DoesNotContain("not reached", result.Stdout, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").Split('\n');
}
