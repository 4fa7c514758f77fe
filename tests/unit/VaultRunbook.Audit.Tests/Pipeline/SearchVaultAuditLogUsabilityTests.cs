using System.Globalization;
using System.Text.RegularExpressions;
using VaultRunbook.Audit.Tests.Support;
using Xunit;

namespace VaultRunbook.Audit.Tests.Pipeline;

/// <summary>Search-VaultAuditLog at the prompt: Tab completion of -Operation and -Since, -Since itself, and the table at 80 columns.</summary>
public sealed partial class SearchVaultAuditLogUsabilityTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Tab_completes_operation_with_vaults_operations()
    {
        var all = Complete("Search-VaultAuditLog -Path ./audit.log -Operation ");
        var prefixed = Complete("Search-VaultAuditLog -Path ./audit.log -Operation de");
        var second = Complete("Search-VaultAuditLog -Path ./audit.log -Operation read, up");
        var quoted = Complete("Search-VaultAuditLog -Path ./audit.log -Operation 'li");

        Assert.Equal(new[] { "create", "read", "update", "patch", "delete", "list" }, all.Take(6));
        Assert.Contains("renew", all);
        Assert.Contains("revoke", all);
        Assert.Equal(new[] { "delete" }, prefixed);
        Assert.Equal(new[] { "update" }, second);
        Assert.Equal(new[] { "list" }, quoted);
    }

    [Fact]
    public void Tab_completes_since_with_spans_that_bind()
    {
        var all = Complete("Search-VaultAuditLog -Path ./audit.log -Since ");
        var prefixed = Complete("Search-VaultAuditLog -Path ./audit.log -Since 2");

        Assert.Equal(new[] { "15m", "1h", "4h", "24h", "7d", "30d" }, all);
        Assert.Equal(new[] { "24h" }, prefixed);

        // Each completion, typed bare as Tab leaves it (7d is a decimal literal to PowerShell), binds and searches.
        var log = RecentLog();
        foreach (var span in all)
        {
            var result = _ps.Run($"Search-VaultAuditLog -Path $log -Since {span}", new Dictionary<string, object> { ["log"] = log });
            Assert.True(result.Errors.Count == 0 && result.Terminating is null, span + ": " + result.Describe());
        }
    }

    [Fact]
    public void Since_keeps_the_entries_of_a_recent_span_as_after_would()
    {
        var log = RecentLog();
        var vars = new Dictionary<string, object> { ["log"] = log };
        var paths = (string args) => _ps.Run($"Search-VaultAuditLog -Path $log {args}", vars).Output.Select(o => (string)o.Properties["Path"].Value).ToArray();

        Assert.Equal(new[] { "secret/data/cwiq/30m", "secret/data/cwiq/5m" }, paths("-Since 1h"));
        Assert.Equal(new[] { "secret/data/cwiq/5m" }, paths("-Since 15m"));
        Assert.Equal(new[] { "secret/data/cwiq/2h", "secret/data/cwiq/30m", "secret/data/cwiq/5m" }, paths("-Since ([TimeSpan]::FromHours(3))"));
        Assert.Equal(paths("-After ([DateTime]::Now).AddHours(-1)"), paths("-Since 1h"));
        Assert.Equal(new[] { "secret/data/cwiq/5m" }, paths("-Since ([DateTime]::Now).AddMinutes(-15)"));
        Assert.Equal(new[] { "secret/data/cwiq/old" }, paths("-Before ([DateTime]::Now).AddDays(-1) -Since 30d"));
    }

    [Fact]
    public void Since_and_after_together_are_a_usage_error()
    {
        var result = _ps.Run("Search-VaultAuditLog -Path $log -Since 1h -After ([DateTime]::Now)", new Dictionary<string, object> { ["log"] = RecentLog() });

        Assert.Empty(result.Output);
        Assert.StartsWith("VaultRunbook.Audit.InvalidQuery", result.StoppingError().FullyQualifiedErrorId, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_table_shows_a_whole_path_at_80_columns()
    {
        const string path = "secret/data/cwiq/shared/app/database";
        var log = _dir.File("audit.log", Searches.Lines(
            AuditLines.Entry(path: path, displayName: "userpass-alice", time: "2025-06-04T20:02:46.117181Z"),
            AuditLines.Entry(type: "response", path: path, displayName: "userpass-alice", operation: "update", time: "2025-06-04T20:02:47.5Z", error: "permission denied")));

        // Out-String -Width 80 where the runspace has it; else Out-Host, whose width this host (no RawUI) leaves at 80.
        var result = _ps.Run(
            "if (Get-Command Out-String -ErrorAction Ignore) { Search-VaultAuditLog -Path $log | Out-String -Width 80 } else { Search-VaultAuditLog -Path $log | Out-Host }",
            new Dictionary<string, object> { ["log"] = log });
        var text = Ansi().Replace(result.Output.Count > 0 ? string.Concat(result.Output.Select(o => o.ToString())) : result.HostText, string.Empty);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToArray();

        Assert.True(lines.Length == 4, text);
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"wider than 80 columns: '{l}'"));
        Assert.Matches(@"^Time \(UTC\)\s+Type\s+Op\s+Path\s+DisplayName$", lines[0].TrimEnd());
        Assert.Equal(new[] { "06-04", "20:02:46", "req", "read", path, "userpass-alice" }, lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(new[] { "06-04", "20:02:47", "resp", "update", path, "userpass-alice" }, lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private string[] Complete(string input)
    {
        var result = _ps.Run("(TabExpansion2 -inputScript $in -cursorColumn $in.Length).CompletionMatches | ForEach-Object CompletionText", new Dictionary<string, object> { ["in"] = input });
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        return result.Output.Select(o => (string)o.BaseObject).ToArray();
    }

    private string RecentLog()
    {
        var now = DateTimeOffset.UtcNow;
        string At(TimeSpan ago) => (now - ago).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        return _dir.File("recent.log", Searches.Lines(
            AuditLines.Entry(path: "secret/data/cwiq/old", time: At(TimeSpan.FromDays(3))),
            AuditLines.Entry(path: "secret/data/cwiq/2h", time: At(TimeSpan.FromHours(2))),
            AuditLines.Entry(path: "secret/data/cwiq/30m", time: At(TimeSpan.FromMinutes(30))),
            AuditLines.Entry(path: "secret/data/cwiq/5m", time: At(TimeSpan.FromMinutes(5)))));
    }

    [GeneratedRegex(@"\x1b\[[0-9;]*m")]
    private static partial Regex Ansi();
}
