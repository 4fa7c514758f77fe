using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Get-VaultMetric against sandboxes (and a fake node for malformed text), in a real runspace.</summary>
public sealed class MetricPipelineTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly List<string> _dataPaths = new();

    public void Dispose()
    {
        _session.Run("Get-Variable -Scope Global | Where-Object { $_.Value -is [VaultRunbook.Cmdlets.Sandbox.VaultSandboxInstance] } | ForEach-Object { $_.Value | Stop-VaultSandbox }");
        _session.Dispose();
        foreach (var path in _dataPaths.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private void StartTwo(string extra = "")
    {
        var start = _session.Run($"$global:a = Start-VaultSandbox {extra}; $global:b = Start-VaultSandbox {extra}; $a | Invoke-VaultUnseal -KeyFile $a.KeyFile | Out-Null; $b | Invoke-VaultUnseal -KeyFile $b.KeyFile | Out-Null; $a.DataPath; $b.DataPath");
        Assert.True(start.Errors.Count == 0, start.Describe());
        _dataPaths.AddRange(start.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Reads_every_node_and_filters_names_with_wildcards()
    {
        StartTwo("-UnauthenticatedMetricsAccess");
        _session.Run("$b | Invoke-VaultSeal -Token $b.RootToken -Confirm:$false | Out-Null");

        var result = _session.Run("$a, $b | Get-VaultMetric -Name vault_core_unseal*, VAULT_TOKEN_COUNT");

        Assert.True(result.Errors.Count == 0, result.Describe());
        var unsealed = result.Output.Where(o => (string)o.Properties["Name"].Value == "vault_core_unsealed")
            .ToDictionary(o => (string)o.Properties["Node"].Value, o => (double)o.Properties["Value"].Value);
        Assert.Equal(2, unsealed.Count);
        Assert.Equal(1d, unsealed[(string)_session.Run("$a.Address").Output[0].BaseObject]);
        Assert.Equal(0d, unsealed[(string)_session.Run("$b.Address").Output[0].BaseObject]);
        var tokens = Assert.Single(result.Output, o => (string)o.Properties["Name"].Value == "vault_token_count"); // the sealed node has none
        Assert.Equal("gauge", tokens.Properties["Type"].Value);
        Assert.Equal("root", ((System.Collections.Hashtable)tokens.Properties["Labels"].Value)["namespace"]);
        Assert.All(result.Output, o => Assert.Matches("^vault_(core_unsealed|token_count)$", (string)o.Properties["Name"].Value));
    }

    [Fact]
    public void Summary_samples_belong_to_their_family_and_a_token_is_needed()
    {
        StartTwo();

        var denied = _session.Run("$a | Get-VaultMetric");
        var summary = _session.Run("$a | Get-VaultMetric -Name vault_core_handle_request -Token $a.RootToken");

        Assert.StartsWith("VaultRunbook.Vault.PermissionDenied", Assert.Single(denied.Errors).FullyQualifiedErrorId);
        Assert.True(summary.Errors.Count == 0, summary.Describe());
        Assert.Equal(["vault_core_handle_request", "vault_core_handle_request", "vault_core_handle_request", "vault_core_handle_request_sum", "vault_core_handle_request_count"], summary.Output.Select(o => (string)o.Properties["Name"].Value));
        Assert.All(summary.Output, o => Assert.Equal("summary", o.Properties["Type"].Value));
    }

    [Fact]
    public void The_view_shows_labels_as_name_value_pairs()
    {
        StartTwo("-UnauthenticatedMetricsAccess");

        var text = string.Concat(_session.Run("$a | Get-VaultMetric -Name vault_secret_kv_count | Out-String -Width 120").Output.Select(o => o.ToString()));

        Assert.Contains("mount_point=secret/,namespace=root", text);
        Assert.Contains("gauge", text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void A_bad_throttle_limit_gets_the_module_id(int limit)
    {
        var result = _session.Run($"Get-VaultMetric -Address http://127.0.0.1:9 -ThrottleLimit {limit}");

        Assert.StartsWith("VaultRunbook.Vault.InvalidThrottleLimit", result.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Malformed_lines_are_warned_about_once_and_skipped()
    {
        using var node = new OneAnswerServer(
            "# TYPE vault_core_unsealed gauge\nvault_core_unsealed{cluster=\"c\"} 1\nvault_core_unsealed{cluster=c} 1\ngarbage line here\nvault_token_count NaN\n",
            "text/plain; version=0.0.4; charset=utf-8");

        var result = _session.Run($"Get-VaultMetric -Address {node.Address} -Token (ConvertTo-SecureString x -AsPlainText -Force)");
        await node.Served;

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal(["vault_core_unsealed", "vault_token_count"], result.Output.Select(o => (string)o.Properties["Name"].Value));
        Assert.True(double.IsNaN((double)result.Output[1].Properties["Value"].Value));
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("2 malformed line(s)", warning);
        Assert.Contains("line 3", warning);
    }
}
