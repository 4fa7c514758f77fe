using Xunit;

namespace VaultRunbook.Host.Tests;

/// <summary>Prompts: confirmations, secrets, and failing fast under -NonInteractive.</summary>
public sealed class PromptTests : IDisposable
{
    private const string ConfirmScript = """
        function Invoke-Seal {
            [CmdletBinding(SupportsShouldProcess, ConfirmImpact = 'High')] param()
            if ($PSCmdlet.ShouldProcess('https://10.0.0.1:8200', 'Seal')) { 'sealed' } else { 'left unsealed' }
        }
        Invoke-Seal
        'script end'
        """;

    private readonly HostProcess _host = new();
    private readonly ScriptFolder _scripts = new();

    public void Dispose() => _scripts.Dispose();

    [Fact]
    public void ConfirmUnderNonInteractiveFailsClearlyInsteadOfWaiting()
    {
        var script = _scripts.Write("confirm.ps1", ConfirmScript);

        // stdin stays open with nothing in it: a prompt that waited would hang until the timeout.
        var result = _host.Run(["-NonInteractive", "-File", script], timeout: TimeSpan.FromSeconds(60), keepStdinOpen: true);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("sealed", result.Stdout.Replace("left unsealed", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("NonInteractive mode", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfirmFalseSkipsThePromptUnderNonInteractive()
    {
        var script = _scripts.Write("confirm.ps1", ConfirmScript.Replace("Invoke-Seal\n", "Invoke-Seal -Confirm:$false\n", StringComparison.Ordinal));

        var result = _host.RunFile(script);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("sealed", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MandatoryParameterIsPromptedFromStdin()
    {
        var script = _scripts.Write("mandatory.ps1", """
            param([Parameter(Mandatory)] [string] $Address)
            "address=$Address"
            """);

        var result = _host.Run(["-File", script], stdin: "https://10.0.0.9:8200\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("address=https://10.0.0.9:8200", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void MandatoryParameterUnderNonInteractiveFails()
    {
        var script = _scripts.Write("mandatory.ps1", """
            param([Parameter(Mandatory)] [string] $Address)
            "address=$Address"
            """);

        var result = _host.RunFile(script);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Address", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("address=", result.Stdout, StringComparison.Ordinal);
    }

}
