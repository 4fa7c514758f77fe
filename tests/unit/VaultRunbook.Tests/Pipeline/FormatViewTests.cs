using System.Text.RegularExpressions;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// The module's views rendered as a user sees them in an 80-column console (<c>Out-String -Width 80</c>): what
/// matters stays on screen (issue 9, item 15).
/// </summary>
public sealed class FormatViewTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _dataPath;
    private readonly string _rootToken;

    public FormatViewTests()
    {
        var start = _session.Run("$global:sb = Start-VaultSandbox -Shares 1 -Threshold 1; $global:VaultRunbookJournalPath = [System.IO.Path]::Combine($sb.DataPath, 'actions.jsonl'); $sb");
        _dataPath = (string)start.Property(0, "DataPath")!;
        _rootToken = File.ReadAllText((string)start.Property(0, "RootTokenPath")!).Trim();
    }

    public void Dispose()
    {
        _session.Run("$sb | Stop-VaultSandbox");
        _session.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    private string Render(string pipeline)
    {
        var result = _session.Run($"{pipeline} | Out-String -Width 80");
        var text = string.Concat(result.Output.Select(o => o.ToString()));
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"wider than 80 columns: '{line}'"));
        return text;
    }

    [Fact]
    public void An_unreachable_node_shows_its_reason_at_80_columns()
    {
        var text = Render("Get-VaultHealth -Address http://127.0.0.1:1, $sb.Address -TimeoutSec 5");

        var unreachable = text.Split('\n').Single(l => l.Contains("127.0.0.1:1 ", StringComparison.Ordinal));
        Assert.Contains("Unreachable", unreachable);
        Assert.Contains("connection refused", unreachable);
        Assert.Contains("Reason", text);
    }

    [Fact]
    public void A_finished_unseal_reads_Unsealed_in_the_action_log_without_a_stale_progress()
    {
        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.KeyFile | Out-Null");

        var text = Render("Get-VaultActionLog");

        var row = text.Split('\n').Single(l => l.Contains(" Unseal ", StringComparison.Ordinal));
        Assert.Contains("Unsealed", row);
        Assert.DoesNotMatch(new Regex(@"\d+/\d+"), row);
    }

    [Fact]
    public void Format_List_star_of_the_rollout_shows_values_not_type_names()
    {
        var config = Path.Combine(_dataPath, "rollout.json");
        _session.Run($"Set-VaultCanary -Percent 25 -Mode Dual -ConfigPath '{config}' -Reason first");

        var text = Render($"Get-VaultRollout -ConfigPath '{config}' | Format-List *");

        Assert.DoesNotContain("System.Collections.Generic", text);
        Assert.DoesNotContain("RolloutState {", text);
        Assert.Contains("dual 25%", text);
    }

    [Fact]
    public void Readiness_without_enough_statistics_says_so()
    {
        var text = Render($"Test-VaultRolloutReadiness -ConfigPath '{Path.Combine(_dataPath, "r.json")}' -StatsPath '{Path.Combine(_dataPath, "s.json")}'");

        Assert.Contains("[NO DATA] ZeroErrors", text);
    }

    [Fact]
    public void The_sandbox_view_names_the_key_file_and_never_shows_the_root_token()
    {
        var view = Render("$sb");
        var all = Render("$sb | Format-List *");

        Assert.Contains("KeyFile", view);
        Assert.Contains("RootToken", all);
        Assert.DoesNotContain(_rootToken, view);
        Assert.DoesNotContain(_rootToken, all);
    }
}
