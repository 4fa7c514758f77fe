using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using VaultRunbook.Audit.Tests.Support;
using Xunit;

namespace VaultRunbook.Audit.Tests.Pipeline;

/// <summary>Search-VaultAuditLog in a real runspace with the built module: objects out, one warning, error ids, pipelines, Tab completion, the table at 80 columns.</summary>
public sealed partial class SearchVaultAuditLogTests : IDisposable
{
    private readonly PowerShellSession _ps = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }

    private string CwiqLog() => _dir.File("vault-audit.log", Searches.Lines(
        File.ReadAllLines(RepoFiles.VaultGuides)
            .Concat(File.ReadAllLines(RepoFiles.SchemaDoc))
            .Append(AuditLines.Entry(path: "secret/data/cwiq/db", displayName: "approle-ci", time: "2025-06-05T08:00:00Z"))
            .Append(AuditLines.Entry(type: "response", path: "secret/data/cwiq/db", displayName: "approle-ci", time: "2025-06-05T08:00:01Z"))
            .Append(AuditLines.Entry(path: "secret/data/cwiqx", displayName: "userpass-bob", operation: "update", time: "2025-06-05T09:00:00Z", error: "permission denied"))
            .ToArray()));

    private static object? Prop(PSObject item, string name) => item.Properties[name]?.Value;

    [Fact]
    public void Finds_who_read_a_secret_path_as_AuditEvent_objects()
    {
        var log = CwiqLog();

        var result = _ps.Run("Search-VaultAuditLog -Path $log -SecretPath 'secret/data/cwiq*'", new Dictionary<string, object> { ["log"] = log });

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal("VaultRunbook.Engine.Audit.AuditEvent", o.BaseObject.GetType().FullName));
        Assert.Equal(new object?[] { "approle-ci", "approle-ci", "userpass-bob" }, result.Output.Select(o => Prop(o, "DisplayName")));
        Assert.Equal(new object?[] { 9L, 10L, 11L }, result.Output.Select(o => Prop(o, "LineNumber")));
        Assert.Equal(log, Prop(result.Output[0], "File"));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Filters_bind_from_the_command_line()
    {
        var log = CwiqLog();
        var run = (string args) => _ps.Run($"Search-VaultAuditLog -Path $log {args}", new Dictionary<string, object> { ["log"] = log }).Output;

        Assert.Equal(2, run("-SecretPath 'secret/data/cwiq/*' -Operation read").Count);
        Assert.Single(run("-SecretPath 'secret/data/cwiq*' -ErrorOnly"));
        Assert.Equal(2, run("-DisplayName 'userpass-lab*', 'nobody'").Count);
        Assert.Equal(2, run("-Accessor 'hmac-sha256:3348fe9b24b078f97d747363dda2d55bb0445e90b512e9f68f48d289fed798b3'").Count);
        Assert.Equal(2, run("-ClientTokenHmac 'hmac-sha256:3431e8c2ce0e5f5e179a857fcf9d948afd83363de9f64a5e956851262e1285e0'").Count);
        Assert.Equal(6, run("-RemoteAddress '10.10.*', '127.0.0.2'").Count);
        Assert.Single(run("-RemoteAddress '127.*' -Type response"));
        Assert.Equal(6, run("-Type request").Count);
        Assert.Equal(3, run("-After ([datetime]'2025-06-05T00:00:00Z') -Before ([datetimeoffset]'2025-06-06T00:00:00Z').UtcDateTime").Count);
        Assert.Equal(new object?[] { 10L, 11L }, run("-Tail 2").Select(o => Prop(o, "LineNumber")));
    }

    [Fact]
    public void Resolves_wildcards_relative_to_the_PowerShell_location_and_reads_gzip()
    {
        _dir.File("a.log", File.ReadAllText(RepoFiles.VaultGuides));
        _dir.Gzip("b.log.1", File.ReadAllText(RepoFiles.SchemaDoc));

        var result = _ps.Run("$ExecutionContext.SessionState.Path.SetLocation($dir) | ForEach-Object { }; Search-VaultAuditLog -Path ./*.log* -Operation read", new Dictionary<string, object> { ["dir"] = _dir.FullName });

        Assert.True(result.Terminating is null, result.Describe());
        Assert.Equal(4, result.Output.Count);
        Assert.Equal(new[] { "a.log", "a.log", "b.log.1", "b.log.1" }, result.Output.Select(o => Path.GetFileName((string)Prop(o, "File")!)));
    }

    [Fact]
    public void Takes_lines_and_file_items_from_the_pipeline()
    {
        var log = CwiqLog();
        var parameters = new Dictionary<string, object> { ["log"] = log };

        // What Get-Content, Get-Content -Raw and Get-Item/Get-ChildItem give in pwsh (the runspace has core commands only).
        var lines = _ps.Run("[System.IO.File]::ReadLines($log) | Search-VaultAuditLog -SecretPath 'secret/data/cwiq*' -Type request", parameters);
        var raw = _ps.Run("[System.IO.File]::ReadAllText($log) | Search-VaultAuditLog -SecretPath 'secret/data/cwiq*'", parameters);
        var files = _ps.Run("$ExecutionContext.InvokeProvider.Item.Get($log) | Search-VaultAuditLog -SecretPath 'secret/data/cwiq*'", parameters);

        Assert.True(lines.Terminating is null && lines.Errors.Count == 0, lines.Describe());
        Assert.Equal(new object?[] { 9L, 11L }, lines.Output.Select(o => Prop(o, "LineNumber")));
        Assert.Null(Prop(lines.Output[0], "File"));
        Assert.Equal(3, raw.Output.Count);
        Assert.True(files.Terminating is null, files.Describe());
        Assert.Equal(new object?[] { log, log, log }, files.Output.Select(o => Prop(o, "File")));
    }

    [Fact]
    public void Malformed_lines_give_one_warning_per_file_with_the_count_and_first_line_numbers()
    {
        var good = AuditLines.Entry(path: "secret/data/cwiq/ok");
        var text = new StringBuilder();
        text.Append(good).Append('\n');
        for (var i = 0; i < 7; i++)
        {
            text.Append(good[..(good.Length - 5)]).Append('\n');
        }

        text.Append(good).Append('\n');
        var broken = _dir.File("broken.log", text.ToString());
        var clean = CwiqLog();

        var result = _ps.Run("Search-VaultAuditLog -Path $broken, $clean -SecretPath 'secret/data/cwiq/*'", new Dictionary<string, object> { ["broken"] = broken, ["clean"] = clean });

        Assert.True(result.Terminating is null && result.Errors.Count == 0, result.Describe());
        Assert.Equal(4, result.Output.Count);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("7 lines", warning, StringComparison.Ordinal);
        Assert.Contains(broken, warning, StringComparison.Ordinal);
        Assert.Contains("first at lines 2, 3, 4, 5, 6", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_stops_the_command_before_any_output()
    {
        var missing = Path.Combine(_dir.FullName, "nope.log");

        var result = _ps.Run("Search-VaultAuditLog -Path $good, $missing", new Dictionary<string, object> { ["good"] = RepoFiles.VaultGuides, ["missing"] = missing });
        var wildcard = _ps.Run("Search-VaultAuditLog -Path ([System.IO.Path]::Combine($dir, 'none*.log'))", new Dictionary<string, object> { ["dir"] = _dir.FullName });
        var caught = _ps.Run("try { Search-VaultAuditLog -Path $missing } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category.ToString(); $_.TargetObject }", new Dictionary<string, object> { ["missing"] = missing });

        // A statement-terminating error: the command stops, the script goes on (as in pwsh).
        Assert.Empty(result.Output);
        Assert.StartsWith("VaultRunbook.Audit.FileNotFound", Assert.Single(result.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Empty(wildcard.Output);
        Assert.StartsWith("VaultRunbook.Audit.FileNotFound", Assert.Single(wildcard.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("VaultRunbook.Audit.FileNotFound,", (string)caught.Output[0].BaseObject, StringComparison.Ordinal);
        Assert.Equal("ObjectNotFound", caught.Output[1].BaseObject);
        Assert.Equal(missing, caught.Output[2].BaseObject);
    }

    [Fact]
    public void An_unreadable_file_is_a_non_terminating_error_and_the_others_go_on()
    {
        var corrupt = _dir.File("corrupt.log.gz", new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 }.Concat(Enumerable.Repeat((byte)0xFF, 64)).ToArray());

        var result = _ps.Run("Search-VaultAuditLog -Path $corrupt, $good -Type request", new Dictionary<string, object> { ["corrupt"] = corrupt, ["good"] = RepoFiles.SchemaDoc });

        Assert.Null(result.Terminating);
        Assert.Single(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("VaultRunbook.Audit.CorruptArchive", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(corrupt, error.TargetObject);
    }

    [Fact]
    public void A_truncated_and_a_two_byte_archive_are_errors_and_the_search_goes_on()
    {
        var text = Searches.Lines(Enumerable.Range(1, 102).Select(i => AuditLines.Entry(path: $"secret/data/cwiq/{i}", requestDataJson: $"{{\"n\":\"{Convert.ToHexString(Encoding.UTF8.GetBytes(new string((char)('a' + (i % 26)), 300 + i)))}{i * 7919}\"}}")).ToArray());
        var gz = RealGzip.Compress(Encoding.UTF8.GetBytes(text));
        var truncated = _dir.File("audit.log.2.gz", RealGzip.Head(gz, gz.Length / 3));
        var tiny = _dir.File("audit.log.1.gz", [0x1f, 0x8b]);
        var good = _dir.File("audit.log", Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/current")));

        var result = _ps.Run("Search-VaultAuditLog -Path $files", new Dictionary<string, object> { ["files"] = new[] { truncated, tiny, good } });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Warnings);
        Assert.Equal("secret/data/cwiq/current", result.Output[^1].Properties["Path"].Value);
        var fromTruncated = result.Output.Count - 1;
        Assert.InRange(fromTruncated, 1, 101);
        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e =>
        {
            Assert.StartsWith("VaultRunbook.Audit.CorruptArchive", e.FullyQualifiedErrorId, StringComparison.Ordinal);
            Assert.Equal(ErrorCategory.InvalidData, e.CategoryInfo.Category);
            Assert.Contains("truncated", e.Exception.Message, StringComparison.Ordinal);
        });
        Assert.Equal(new object[] { truncated, tiny }, result.Errors.Select(e => e.TargetObject));
        Assert.Contains($"{fromTruncated} lines were read before the break", result.Errors[0].Exception.Message, StringComparison.Ordinal);
        Assert.Contains("0 lines were read before the break", result.Errors[1].Exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_follow_a_broken_archive_is_reported_while_the_plain_file_is_followed()
    {
        var tiny = _dir.File("audit.log.1.gz", [0x1f, 0x8b]);
        var live = _dir.File("audit.log", Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/live")));

        // The error arrives after the first read, before the follow ends (here by a `break` after the first event).
        var result = _ps.Run(
            "$n = 0; do { Search-VaultAuditLog -Path $tiny, $live -Follow | ForEach-Object { $_; if (++$n -ge 1) { break } } } while ($false)",
            new Dictionary<string, object> { ["tiny"] = tiny, ["live"] = live });

        Assert.Single(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("VaultRunbook.Audit.CorruptArchive", error.FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(tiny, error.TargetObject);
    }

    [Fact]
    public void An_empty_file_gives_nothing_and_no_error()
    {
        var empty = _dir.File("empty.log", Array.Empty<byte>());

        var result = _ps.Run("Search-VaultAuditLog -Path $empty", new Dictionary<string, object> { ["empty"] = empty });

        Assert.Empty(result.Output);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Null(result.Terminating);
    }

    [Fact]
    public void Follow_streams_appended_lines_until_stopped()
    {
        var log = _dir.File("live.log", Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/1")));
        using var output = new PSDataCollection<PSObject>();
        using var shell = _ps.Start($"Search-VaultAuditLog -Path '{log}' -SecretPath 'secret/data/cwiq*' -Follow", output);

        WaitFor(() => output.Count == 1);
        File.AppendAllText(log, AuditLines.Entry(path: "sys/health") + "\n" + AuditLines.Entry(path: "secret/data/cwiq/2") + "\n");
        WaitFor(() => output.Count == 2);
        shell.Stop();

        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        Assert.Equal("secret/data/cwiq/2", Prop(output[1], "Path"));
        Assert.Equal(3L, Prop(output[1], "LineNumber"));
    }

    [Fact]
    public void Stopping_the_pipeline_early_ends_a_follow_and_a_long_search()
    {
        var log = _dir.File("many.log", Searches.Lines(Enumerable.Range(0, 20_000).Select(i => AuditLines.Entry(path: $"secret/data/cwiq/{i}")).ToArray()));
        var clock = Stopwatch.StartNew();

        // `break` in a loop stops the pipeline upstream as Select-Object -First does (the runspace has core commands only).
        var first = _ps.Run("$n = 0; do { Search-VaultAuditLog -Path $log -SecretPath 'secret/data/cwiq*' | ForEach-Object { $_; if (++$n -ge 3) { break } } } while ($false)", new Dictionary<string, object> { ["log"] = log });
        var followed = _ps.Run("$n = 0; do { Search-VaultAuditLog -Path $log -Follow | ForEach-Object { $_; if (++$n -ge 2) { break } } } while ($false)", new Dictionary<string, object> { ["log"] = log });

        Assert.Equal(3, first.Output.Count);
        Assert.Equal(2, followed.Output.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void A_big_file_shows_progress_by_bytes()
    {
        var line = AuditLines.Entry(path: "sys/health") + "\n";
        var big = Path.Combine(_dir.FullName, "big.log");
        using (var writer = new StreamWriter(big))
        {
            for (long written = 0; written < 20L << 20; written += line.Length)
            {
                writer.Write(line);
            }
        }

        var result = _ps.Run("Search-VaultAuditLog -Path $big -SecretPath 'secret/data/cwiq*'", new Dictionary<string, object> { ["big"] = big });

        Assert.Empty(result.Output);
        Assert.Contains(result.Progress, p => p.PercentComplete is > 0 and < 100 && p.StatusDescription.Contains("MB", StringComparison.Ordinal));
        Assert.Equal(ProgressRecordType.Completed, result.Progress[^1].RecordType);
    }

    [Fact]
    public void The_bundled_format_file_has_a_table_view_with_the_runbook_columns()
    {
        var format = XDocument.Load(Path.Combine(Path.GetDirectoryName(RepoFiles.ModuleManifest)!, "VaultRunbook.format.ps1xml"));
        var view = format.Descendants("View").Single(v => v.Descendants("TypeName").Any(t => t.Value == "VaultRunbook.Engine.Audit.AuditEvent"));

        Assert.Equal(new[] { "Time (UTC)", "Type", "Op", "Path", "DisplayName" }, view.Descendants("Label").Select(l => l.Value));
        var timeColumn = view.Descendants("ScriptBlock").First().Value;
        var rendered = _ps.Run($"Search-VaultAuditLog -Path $log -Type request | ForEach-Object {{ {timeColumn} }}", new Dictionary<string, object> { ["log"] = RepoFiles.SchemaDoc });
        Assert.Equal("06-04 20:02:46", Assert.Single(rendered.Output).BaseObject);
    }

    [Fact]
    public void Follow_is_not_offered_for_pipeline_lines()
    {
        var result = _ps.Run("'{}' | Search-VaultAuditLog -Follow");

        Assert.True(result.Terminating is not null || result.Errors.Count > 0);
        Assert.Empty(result.Output);
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

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "timed out waiting for output");
            Thread.Sleep(20);
        }
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
