using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Metrics;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Signing;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Testing;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>
/// The textfile-collector file: it parses as Prometheus text under a strict parser written here and under an
/// independent one (python3, from the exposition format's rules), a hostile label value comes back intact, and a
/// failed write leaves the old file as it was.
/// </summary>
public sealed partial class RunbookMetricsTests : IDisposable
{
    private static readonly DateTimeOffset CheckedAt = new(2026, 12, 5, 14, 30, 0, 250, TimeSpan.Zero);
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"vr-metrics-{Guid.NewGuid():N}");

    public RunbookMetricsTests() => Directory.CreateDirectory(_work);

    public void Dispose()
    {
        Unfreeze(_work);
        Directory.Delete(_work, recursive: true);
    }

    private static VaultHealth Node(string address, VaultNodeStatus status, bool? sealedState) =>
        new() { Address = address, Status = status, Sealed = sealedState };

    private static RunbookMetrics Full(string hostileAddress)
    {
        var metrics = new RunbookMetrics();
        Assert.True(metrics.Add(Node("https://vault-1:8200", VaultNodeStatus.Active, false)));
        Assert.True(metrics.Add(Node("https://vault-2:8200", VaultNodeStatus.Sealed, true)));
        Assert.True(metrics.Add(Node(hostileAddress, VaultNodeStatus.Unreachable, null)));
        Assert.True(metrics.Add(new EffectiveRollout { Stored = RolloutState.Initial, Mode = SecretSourceMode.Dual, CanaryPercent = 25, KillSwitch = true, EmergencyFallback = false, Store = "/tmp/r.json" }));
        Assert.True(metrics.Add(new SignatureRecord { Signature = "fallback:v1:AAAA", KeyName = "release", KeyVersion = 1, SigningMode = SigningMode.Fallback, Attempts = 3, SignedAt = CheckedAt, InputDigest = "00", Mount = "transit", Address = "https://vault-1:8200" }));
        Assert.False(metrics.Add("not a metric source"));
        return metrics;
    }

    [Fact]
    public void Every_metric_is_written_with_help_and_type_and_parses_strictly()
    {
        var path = Path.Combine(_work, "vault.prom");

        var export = Full("https://vault-3:8200").Write(path, CheckedAt, skipped: 1);

        var samples = StrictParse(File.ReadAllText(path));
        Assert.Equal(export.Samples, samples.Count);
        Assert.Equal((5, 1), (export.Objects, export.Skipped));
        Assert.Equal(RunbookMetrics.Names.Order(StringComparer.Ordinal), samples.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal));
        double Value(string name, string? address = null) => Assert.Single(samples, s => s.Name == name && (address is null || s.Labels["address"] == address)).Value;
        Assert.Equal(1, Value("vault_up", "https://vault-1:8200"));
        Assert.Equal(0, Value("vault_up", "https://vault-2:8200"));
        Assert.Equal(0, Value("vault_up", "https://vault-3:8200"));
        Assert.Equal(1, Value("vault_sealed", "https://vault-2:8200"));
        Assert.DoesNotContain(samples, s => s.Name == "vault_sealed" && s.Labels["address"] == "https://vault-3:8200"); // unknown, not guessed
        Assert.Equal(1, Value("vaultrunbook_kill_switch_active"));
        Assert.Equal(25, Value("vaultrunbook_canary_percent"));
        Assert.Equal(1, Value("vaultrunbook_fallback_signing_active"));
        Assert.Equal(CheckedAt.ToUnixTimeMilliseconds() / 1000d, Value("vaultrunbook_last_check_timestamp_seconds"));
    }

    [Fact]
    public void A_hostile_label_value_is_escaped_and_reads_back_intact_in_both_parsers()
    {
        var hostile = "https://evil\"} vault_up 1\n# TYPE x counter\\{a=\"b\"}";
        var path = Path.Combine(_work, "vault.prom");

        Full(hostile).Write(path, CheckedAt, skipped: 0);

        var text = File.ReadAllText(path);
        Assert.Contains("vault_up{address=\"https://evil\\\"} vault_up 1\\n# TYPE x counter\\\\{a=\\\"b\\\"}\"} 0\n", text, StringComparison.Ordinal);
        Assert.Equal(hostile, Assert.Single(StrictParse(text), s => s.Name == "vault_up" && s.Labels["address"] != "https://vault-1:8200" && s.Labels["address"] != "https://vault-2:8200").Labels["address"]);
        var independent = PythonParse(path);
        Assert.Contains($"vault_up\taddress={hostile.Replace("\n", "<LF>", StringComparison.Ordinal)}\t0", independent, StringComparison.Ordinal);
        Assert.Equal(StrictParse(text).Count, independent.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Only_the_last_check_time_is_written_when_nothing_known_was_piped()
    {
        var path = Path.Combine(_work, "vault.prom");

        var export = new RunbookMetrics().Write(path, CheckedAt, skipped: 2);

        var sample = Assert.Single(StrictParse(File.ReadAllText(path)));
        Assert.Equal("vaultrunbook_last_check_timestamp_seconds", sample.Name);
        Assert.Equal((1, 0, 2), (export.Samples, export.Objects, export.Skipped));
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_intact_and_no_temp_file()
    {
        var folder = Path.Combine(_work, "textfile");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "vault.prom");
        Full("https://vault-3:8200").Write(path, CheckedAt, skipped: 0);
        var before = File.ReadAllText(path);
        Freeze(folder);

        var error = Assert.Throws<ConfigurationException>(() => Full("https://vault-9:8200").Write(path, CheckedAt.AddMinutes(1), skipped: 0));

        Unfreeze(folder);
        Assert.Equal(RunbookMetrics.WriteFailedErrorId, error.ErrorId);
        Assert.Equal(before, File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder));
    }

    [Fact]
    public void A_folder_as_the_path_is_refused_before_anything_is_written()
    {
        var error = Assert.Throws<ConfigurationException>(() => new RunbookMetrics().Write(_work, CheckedAt, 0));

        Assert.Equal("VaultRunbook.Metrics.FileIsDirectory", error.ErrorId);
        Assert.Empty(Directory.GetFiles(_work));
    }

    /// <summary>
    /// A strict reader of the text format 0.0.4 for what this file may hold: every line ends with LF, HELP and TYPE
    /// come once per family and before its samples, names and label names are valid, label values use only the
    /// \\, \" and \n escapes, values parse as floats, no sample repeats its name and labels.
    /// </summary>
    internal static List<(string Name, Dictionary<string, string> Labels, double Value)> StrictParse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', text);
        var helped = new HashSet<string>(StringComparer.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var m = HelpLine().Match(line);
                Assert.True(m.Success, $"bad HELP line: {line}");
                Assert.True(helped.Add(m.Groups[1].Value), $"second HELP for {m.Groups[1].Value}");
                Assert.DoesNotContain(samples, s => s.Item1 == m.Groups[1].Value);
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var m = TypeLine().Match(line);
                Assert.True(m.Success, $"bad TYPE line: {line}");
                Assert.True(typed.Add(m.Groups[1].Value), $"second TYPE for {m.Groups[1].Value}");
                Assert.DoesNotContain(samples, s => s.Item1 == m.Groups[1].Value);
                continue;
            }

            Assert.False(line.StartsWith('#') || line.Length == 0, $"unexpected line: '{line}'");
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"bad sample line: {line}");
            var name = sample.Groups["name"].Value;
            Assert.True(typed.Contains(name) && helped.Contains(name), $"{name} has no TYPE or HELP before it");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (Match label in LabelPair().Matches(sample.Groups["labels"].Value))
            {
                labels.Add(label.Groups[1].Value, Unescape(label.Groups[2].Value));
            }

            Assert.True(seen.Add(name + "|" + string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal))), $"duplicate sample: {line}");
            samples.Add((name, labels, double.Parse(sample.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    private static string Unescape(string value)
    {
        var result = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '\\')
            {
                result.Append(value[i]);
                continue;
            }

            result.Append(value[++i] switch { '\\' => '\\', '"' => '"', 'n' => '\n', var other => throw new FormatException($"bad escape \\{other}") });
        }

        return result.ToString();
    }

    // An independent reading, written from the exposition format's rules in Python: "name<TAB>label=value...<TAB>value" per sample.
    private static string PythonParse(string path)
    {
        const string Script = """
            import re, sys
            name = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
            label = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\\\|\\"|\\n)*)"'
            sample = re.compile(r'^(' + name + r')(?:\{((?:' + label + r')(?:,' + label + r')*,?)?\})? ([^ ]+)(?: -?[0-9]+)?$')
            def unescape(v):
                return re.sub(r'\\(.)', lambda m: {'\\': '\\', '"': '"', 'n': '\n'}[m.group(1)], v)
            data = open(sys.argv[1], encoding='utf-8', newline='').read()
            assert data.endswith('\n')
            for line in data[:-1].split('\n'):
                if line.startswith('#'):
                    assert re.match(r'^# (HELP ' + name + r' .*|TYPE ' + name + r' (counter|gauge|histogram|summary|untyped))$', line), line
                    continue
                m = sample.match(line)
                assert m, 'not a sample: ' + line
                float(m.group(m.lastindex))
                labels = [f'{k}={unescape(v)}'.replace('\n', '<LF>') for k, v in re.findall(label, m.group(2) or '')]
                print(m.group(1) + '\t' + ','.join(labels) + '\t' + m.group(m.lastindex))
            """;
        var (exitCode, output, error) = Tool.Run("python3", "-c", Script, path);
        Assert.True(exitCode == 0, "python3 could not parse the file: " + error);
        return output;
    }

    // A folder no one can create files in, root included: the immutable attribute (chattr +i) where the file system
    // has it, else the write bits (enough for a user that is not root).
    private static void Freeze(string folder)
    {
        if (Tool.Run("chattr", "+i", folder).ExitCode != 0)
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
    }

    private static void Unfreeze(string folder)
    {
        if (Directory.Exists(folder))
        {
            Tool.Run("chattr", "-i", folder);
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            foreach (var sub in Directory.GetDirectories(folder))
            {
                Unfreeze(sub);
            }
        }
    }

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (?:[^\\]|\\\\|\\n)+$")]
    private static partial Regex HelpLine();

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(?<labels>[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\\\|\\""|\\n)*""(?:,[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\\\|\\""|\\n)*"")*)\})? (?<value>[-+]?(?:[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?|NaN|Inf))$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"([a-zA-Z_][a-zA-Z0-9_]*)=""((?:[^""\\\n]|\\\\|\\""|\\n)*)""")]
    private static partial Regex LabelPair();
}
