using VaultRunbook.Engine.Cluster;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Vault;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Start-VaultSandbox -Nodes 3, Get-VaultLeader, Get-VaultHAStatus and Invoke-VaultStepDown in real pipelines: health
/// 200/429/429, step-down moves the leader (and is journaled without a token), a standby serves by forwarding, the
/// leader survives a standby's restart, and a step-down nobody takes over is said to be so.
/// </summary>
public sealed class ClusterPipelineTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"vr-cluster-{Guid.NewGuid():N}");
    private string? _dataPath;

    public ClusterPipelineTests()
    {
        Directory.CreateDirectory(_directory);
        Journal = Path.Combine(_directory, "actions.jsonl");
        _session.Run("$global:VaultRunbookJournalPath = $path", new System.Collections.Hashtable { ["path"] = Journal });
    }

    private string Journal { get; }

    public void Dispose()
    {
        _session.Run("if ($global:nodes) { $global:nodes | Stop-VaultSandbox -Confirm:$false }");
        _session.Dispose();
        if (_dataPath is not null && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void Three_nodes_answer_health_200_429_429_and_name_one_leader()
    {
        var addresses = StartCluster(unseal: 3);

        var health = _session.Run("$addresses = $nodes | ForEach-Object Address; Get-VaultHealth -Address $addresses | Sort-Object { [array]::IndexOf($addresses, $_.Address) }");
        var leaders = _session.Run("Get-VaultLeader -Address $nodes");

        Assert.True(health.Errors.Count == 0 && leaders.Errors.Count == 0, health.Describe() + leaders.Describe());
        Assert.Equal([200, 429, 429], health.Output.Select(o => ((VaultHealth)o.BaseObject).StatusCode));
        var byAddress = leaders.Output.Select(o => (VaultLeader)o.BaseObject).ToDictionary(l => l.Address);
        Assert.Equal(["active", "standby", "standby"], addresses.Select(a => byAddress[a].Mode));
        Assert.All(byAddress.Values, l => Assert.Equal(addresses[0], l.LeaderAddress));
    }

    [Fact]
    public void Step_down_moves_the_leader_and_is_journaled_without_a_token()
    {
        var addresses = StartCluster(unseal: 3);

        var stepDown = _session.Run("Get-VaultLeader -Address $nodes | Where-Object IsSelf | Invoke-VaultStepDown -Token $root -Confirm:$false");
        var after = _session.Run("Get-VaultLeader -Address $nodes[0]");
        var log = _session.Run("Get-VaultActionLog | Where-Object Action -eq 'StepDown'");

        Assert.True(stepDown.Errors.Count == 0 && stepDown.Warnings.Count == 0, stepDown.Describe());
        var result = (VaultStepDownResult)Assert.Single(stepDown.Output).BaseObject;
        Assert.Equal((addresses[0], addresses[0], true, "TookOver"), (result.Address, result.PreviousLeader, result.TookOver, result.Outcome));
        Assert.Contains(result.Leader, addresses[1..]);
        var leader = (VaultLeader)Assert.Single(after.Output).BaseObject;
        Assert.Equal(("standby", result.Leader), (leader.Mode, leader.LeaderAddress));

        var record = (ActionRecord)Assert.Single(log.Output).BaseObject;
        Assert.Equal(("StepDown", addresses[0], "TookOver"), (record.Action, record.Address, record.Outcome));
        Assert.Equal($"leader {addresses[0]} -> {result.Leader}", record.Subject);
        Assert.DoesNotContain(File.ReadAllText(Path.Combine(_dataPath!, "root-token")).Trim(), File.ReadAllText(Journal));
    }

    [Fact]
    public void A_step_down_no_other_node_takes_over_says_so()
    {
        var addresses = StartCluster(unseal: 1);

        var sealedNode = _session.Run("$nodes[1] | Invoke-VaultStepDown -Token $root -Confirm:$false");
        var stepDown = _session.Run("$nodes[0] | Invoke-VaultStepDown -Token $root -WaitSeconds 1 -Confirm:$false");

        Assert.Equal("VaultRunbook.Cluster.NodeSealed,VaultRunbook.Cmdlets.Cluster.InvokeVaultStepDownCommand", Assert.Single(sealedNode.Errors).FullyQualifiedErrorId);
        Assert.Empty(sealedNode.Output);

        Assert.True(stepDown.Errors.Count == 0, stepDown.Describe());
        var result = (VaultStepDownResult)Assert.Single(stepDown.Output).BaseObject;
        Assert.Equal((addresses[0], false, "NoTakeover"), (result.PreviousLeader, result.TookOver, result.Outcome));
        Assert.Contains(stepDown.Warnings, w => w.Contains("No other node took over from " + addresses[0], StringComparison.Ordinal));
    }

    [Fact]
    public void WhatIf_steps_nothing_down_and_records_nothing()
    {
        var addresses = StartCluster(unseal: 3);

        var whatIf = _session.Run("$nodes[0] | Invoke-VaultStepDown -Token $root -WhatIf");
        var after = _session.Run("Get-VaultLeader -Address $nodes[0]");

        Assert.True(whatIf.Errors.Count == 0 && whatIf.Output.Count == 0, whatIf.Describe());
        Assert.Equal(("active", addresses[0]), (((VaultLeader)after.Output[0].BaseObject).Mode, ((VaultLeader)after.Output[0].BaseObject).LeaderAddress));
        Assert.False(File.Exists(Journal) && File.ReadAllText(Journal).Contains("StepDown", StringComparison.Ordinal));
    }

    [Fact]
    public void A_single_sandbox_has_no_leadership_to_step_down_from()
    {
        var start = _session.Run("$global:single = Start-VaultSandbox -Shares 1 -Threshold 1; $single | Invoke-VaultUnseal -KeyFile $single.KeyFile | Out-Null; $single");
        _dataPath = (string)start.Property(0, "DataPath")!;
        try
        {
            var leader = _session.Run("$single | Get-VaultLeader");
            var stepDown = _session.Run("$single | Invoke-VaultStepDown -Token ([System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($single.RootTokenPath).Trim()).SecurePassword) -Confirm:$false");

            Assert.Equal("disabled", ((VaultLeader)Assert.Single(leader.Output).BaseObject).Mode);
            Assert.Equal("VaultRunbook.Cluster.HaNotEnabled,VaultRunbook.Cmdlets.Cluster.InvokeVaultStepDownCommand", Assert.Single(stepDown.Errors).FullyQualifiedErrorId);
            var record = (ActionRecord)Assert.Single(_session.Run("Get-VaultActionLog | Where-Object Action -eq StepDown").Output).BaseObject;
            Assert.Equal(("StepDown", "Failed", "VaultRunbook.Cluster.HaNotEnabled"), (record.Action, record.Outcome, record.ErrorId));
        }
        finally
        {
            _session.Run("$single | Stop-VaultSandbox -Confirm:$false");
        }
    }

    [Fact]
    public void A_request_sent_to_a_standby_works()
    {
        var addresses = StartCluster(unseal: 3);

        var status = _session.Run("Get-VaultHAStatus -Address $nodes[2] -Token $root");
        var write = _session.Run("Set-VaultSecret -Address $nodes[1] -Token $root -Path secret/app/db -Data @{ user = 'app' } -Confirm:$false | Out-Null; Get-VaultSecret -Address $nodes[2] -Token $root -Path secret/app/db -AsPlainText");

        Assert.True(status.Errors.Count == 0 && write.Errors.Count == 0, status.Describe() + write.Describe());
        var nodes = status.Output.Select(o => (VaultHaNode)o.BaseObject).ToArray();
        Assert.Equal(addresses, nodes.Select(n => n.Address));
        Assert.Equal([true, false, false], nodes.Select(n => n.ActiveNode));
        Assert.All(nodes, n => Assert.Equal(addresses[2], n.QueriedAddress));
        var secret = Assert.Single(write.Output);
        Assert.Equal((addresses[2], 1, "app"), ((string)secret.Properties["Address"].Value, (int?)secret.Properties["Version"].Value, ((System.Collections.Specialized.OrderedDictionary)secret.Properties["Data"].Value)["user"]?.ToString()));
    }

    [Fact]
    public void The_leader_survives_the_restart_of_a_standby()
    {
        var addresses = StartCluster(unseal: 3);

        var restart = _session.Run("$nodes[2] | Restart-VaultSandbox -Confirm:$false | Out-Null; Get-VaultLeader -Address $nodes");

        Assert.True(restart.Errors.Count == 0, restart.Describe());
        var byAddress = restart.Output.Select(o => (VaultLeader)o.BaseObject).ToDictionary(l => l.Address);
        Assert.Equal(("active", addresses[0]), (byAddress[addresses[0]].Mode, byAddress[addresses[0]].LeaderAddress));
        Assert.Equal("sealed", byAddress[addresses[2]].Mode);
        Assert.Equal(addresses[0], byAddress[addresses[1]].LeaderAddress);
    }

    private string[] StartCluster(int unseal)
    {
        var start = _session.Run(
            $$"""
            $global:nodes = Start-VaultSandbox -Nodes 3 -Shares 1 -Threshold 1
            $nodes | Select-Object -First {{unseal}} | ForEach-Object { $_ | Invoke-VaultUnseal -KeyFile $_.KeyFile } | Out-Null
            $global:root = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($nodes[0].RootTokenPath).Trim()).SecurePassword
            $nodes
            """);
        Assert.True(start.Errors.Count == 0, start.Describe());
        Assert.Equal(3, start.Output.Count);
        _dataPath = (string)start.Property(0, "DataPath")!;
        Assert.All(start.Output, o => Assert.Equal(_dataPath, o.Properties["DataPath"].Value));
        return start.Output.Select(o => (string)o.Properties["Address"].Value).ToArray();
    }
}
