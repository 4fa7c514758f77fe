using System.Globalization;
using System.Text;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Signing;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Metrics;

/// <summary>
/// The gauges a scheduled check leaves for node_exporter's textfile collector, gathered from the objects the check
/// produced: <c>vault_up</c> and <c>vault_sealed</c> per node (label <c>address</c>) from VaultHealth,
/// <c>vaultrunbook_kill_switch_active</c> and <c>vaultrunbook_canary_percent</c> from the rollout (EffectiveRollout
/// or RolloutState), <c>vaultrunbook_fallback_signing_active</c> from signatures (1 when one was made with the
/// fallback key) and the fallback signing status, and <c>vaultrunbook_last_check_timestamp_seconds</c>. A metric
/// with no object behind it is left out rather than written as a guess; a later object of the same kind wins.
/// </summary>
public sealed class RunbookMetrics
{
    public const string FileErrorIdPrefix = "VaultRunbook.Metrics.File";
    public const string WriteFailedErrorId = "VaultRunbook.Metrics.WriteFailed";

    /// <summary>Every metric name the file can hold (the Grafana dashboard's queries are checked against it).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "vault_up", "vault_sealed", "vaultrunbook_kill_switch_active", "vaultrunbook_canary_percent",
        "vaultrunbook_fallback_signing_active", "vaultrunbook_last_check_timestamp_seconds",
    ];

    private readonly Dictionary<string, VaultHealth> _nodes = new(StringComparer.Ordinal);
    private bool? _killSwitch;
    private int? _canaryPercent;
    private bool? _fallbackSigning;

    public int Objects { get; private set; }

    /// <summary>Takes an object's metrics; false when it carries none (the caller warns).</summary>
    public bool Add(object item)
    {
        switch (item)
        {
            case VaultHealth health:
                _nodes[health.Address] = health;
                break;
            case EffectiveRollout rollout:
                _killSwitch = rollout.KillSwitch;
                _canaryPercent = rollout.CanaryPercent;
                break;
            case RolloutState state:
                _killSwitch = state.KillSwitch;
                _canaryPercent = state.CanaryPercent;
                break;
            case SignatureRecord signature:
                _fallbackSigning = (_fallbackSigning ?? false) || signature.SigningMode == SigningMode.Fallback;
                break;
            case FallbackSigningStatus status:
                _fallbackSigning = (_fallbackSigning ?? false) || status.Enabled;
                break;
            default:
                return false;
        }

        Objects++;
        return true;
    }

    /// <summary>The text exposition (format 0.0.4): HELP and TYPE before each family, label values escaped, LF line ends.</summary>
    public string Render(DateTimeOffset checkedAt, out int samples)
    {
        var text = new StringBuilder();
        var count = 0;
        var nodes = _nodes.Values.OrderBy(n => n.Address, StringComparer.Ordinal).ToList();
        if (nodes.Count > 0)
        {
            Family(text, "vault_up", "1 when the Vault node answered sys/health as active or a serving standby, else 0 (sealed, uninitialised, unreachable).");
            nodes.ForEach(n => Sample(text, "vault_up", n.Address, n.IsHealthy ? 1 : 0, ref count));
        }

        var known = nodes.Where(n => n.Sealed is not null).ToList();
        if (known.Count > 0)
        {
            Family(text, "vault_sealed", "1 when the Vault node reported itself sealed, 0 when unsealed (absent when the node did not answer).");
            known.ForEach(n => Sample(text, "vault_sealed", n.Address, n.Sealed!.Value ? 1 : 0, ref count));
        }

        if (_killSwitch is { } killSwitch)
        {
            Family(text, "vaultrunbook_kill_switch_active", "1 when the rollout's kill switch is on (every service reads secrets from the environment).");
            Sample(text, "vaultrunbook_kill_switch_active", null, killSwitch ? 1 : 0, ref count);
        }

        if (_canaryPercent is { } percent)
        {
            Family(text, "vaultrunbook_canary_percent", "The percentage of services the rollout sends to Vault (0 to 100).");
            Sample(text, "vaultrunbook_canary_percent", null, percent, ref count);
        }

        if (_fallbackSigning is { } fallback)
        {
            Family(text, "vaultrunbook_fallback_signing_active", "1 when a signature was made with the local fallback key, or fallback signing is enabled.");
            Sample(text, "vaultrunbook_fallback_signing_active", null, fallback ? 1 : 0, ref count);
        }

        Family(text, "vaultrunbook_last_check_timestamp_seconds", "When the scheduled check that wrote this file ran, in seconds since the Unix epoch.");
        Sample(text, "vaultrunbook_last_check_timestamp_seconds", null, checkedAt.ToUnixTimeMilliseconds() / 1000d, ref count);
        samples = count;
        return text.ToString();
    }

    /// <summary>
    /// Writes the file through a temp file in the same folder and a rename, so node_exporter never reads half of it
    /// and a failed write leaves the previous file as it was.
    /// </summary>
    /// <exception cref="ConfigurationException"><c>VaultRunbook.Metrics.FileIsDirectory</c>, <see cref="WriteFailedErrorId"/>.</exception>
    public RunbookMetricsExport Write(string path, DateTimeOffset checkedAt, int skipped)
    {
        FileChecks.NotADirectory(path, FileErrorIdPrefix, "the metrics file");
        var text = Render(checkedAt, out var samples);
        try
        {
            FilePermissions.WriteAllTextAtomic(path, text, ownerOnly: false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(WriteFailedErrorId, $"The metrics file '{path}' could not be written (the previous one, if any, is unchanged): {ex.Message}", ex) { Target = path };
        }

        return new RunbookMetricsExport { Path = path, Samples = samples, Objects = Objects, Skipped = skipped, CheckedAt = checkedAt };
    }

    private static void Family(StringBuilder text, string name, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n')
            .Append("# TYPE ").Append(name).Append(" gauge\n");

    private static void Sample(StringBuilder text, string name, string? address, double value, ref int count)
    {
        text.Append(name);
        if (address is not null)
        {
            text.Append("{address=\"").Append(LabelValue(address)).Append("\"}");
        }

        text.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        count++;
    }

    // The exposition format's label value escapes: backslash, double quote and line feed.
    private static string LabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
