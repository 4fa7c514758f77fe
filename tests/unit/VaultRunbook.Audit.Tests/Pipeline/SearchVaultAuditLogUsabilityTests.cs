using System.Globalization;
using VaultRunbook.Audit.Tests.Support;
using Xunit;

namespace VaultRunbook.Audit.Tests.Pipeline;

/// <summary>Search-VaultAuditLog at the prompt: Tab completion of -Operation and -Since, and -Since itself.</summary>
public sealed class SearchVaultAuditLogUsabilityTests : IDisposable
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

}
