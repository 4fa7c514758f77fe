using Xunit;

namespace VaultRunbook.Host.Tests;

/// <summary>The Host is pwsh 7.6.10 with the full command set and the bundled VaultRunbook module on its module path.</summary>
public sealed class ModuleImportTests
{
    private readonly HostProcess _host = new();

    [Fact]
    public void The_host_is_pwsh_7_6_10_with_the_standard_commands()
    {
        var result = _host.RunCommand("$PSVersionTable.PSVersion.ToString(); [pscustomobject]@{ A = 1; B = 2 } | Select-Object B | ConvertTo-Json -Compress; (Get-Command Get-Process).Source");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["7.6.10", "{\"B\":2}", "Microsoft.PowerShell.Management"], Lines(result.Stdout));
    }

    [Fact]
    public void The_bundled_module_auto_loads_and_is_named_in_VAULT_RUNBOOK_MODULE()
    {
        var result = _host.RunCommand("(Get-Command Get-VaultHealth).Source; (Get-Module VaultRunbook).ModuleBase; $env:VAULT_RUNBOOK_MODULE");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["VaultRunbook", Path.GetDirectoryName(_host.BundledModule)!, _host.BundledModule], Lines(result.Stdout));
    }

    [Fact]
    public void A_VAULT_RUNBOOK_MODULE_the_user_set_is_kept()
    {
        var result = _host.Run(
            ["-NoProfile", "-NonInteractive", "-Command", "$env:VAULT_RUNBOOK_MODULE"],
            environment: new Dictionary<string, string?> { ["VAULT_RUNBOOK_MODULE"] = "/opt/vaultrunbook/VaultRunbook.psd1" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["/opt/vaultrunbook/VaultRunbook.psd1"], Lines(result.Stdout));
    }

    [Fact]
    public void A_module_type_renders_through_the_module_s_view()
    {
        var result = _host.RunCommand("Get-VaultHealth -Address http://127.0.0.1:9 -TimeoutSec 2");

        Assert.True(result.ExitCode == 0, result.ToString());
        var header = Lines(result.Stdout).First(l => l.Contains("Address", StringComparison.Ordinal));
        Assert.Contains("Status", header, StringComparison.Ordinal);
        Assert.Contains(Lines(result.Stdout), l => l.Contains("http://127.0.0.1:9", StringComparison.Ordinal) && l.Contains("Unreachable", StringComparison.Ordinal));
    }

    private static string[] Lines(string text) =>
        text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
