using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Metrics;

namespace VaultRunbook.Cmdlets.Metrics;

/// <summary>
/// <para type="synopsis">Writes the piped health, rollout and signing objects as a Prometheus textfile-collector file (vault_up, vault_sealed, kill switch, canary percent, fallback signing, last check time).</para>
/// <para type="description">For node_exporter's textfile collector (--collector.textfile.directory): gauges with HELP and
/// TYPE lines, vault_up and vault_sealed labelled by node address (from Get-VaultHealth), vaultrunbook_kill_switch_active
/// and vaultrunbook_canary_percent (from Get-VaultRollout, Set-VaultCanary, Enable-KillSwitch...),
/// vaultrunbook_fallback_signing_active (1 when a piped signature was made with the fallback key, or
/// Get-FallbackSigningStatus says it is enabled) and vaultrunbook_last_check_timestamp_seconds (now). A metric with no
/// object behind it is left out. Objects of other kinds give a warning and are skipped. The file is written to a temp
/// file in the same folder and renamed over the old one, so node_exporter never reads half a file and a failed write
/// leaves the old file as it was (VaultRunbook.Metrics.WriteFailed). Label values are escaped as the exposition format
/// asks. Outputs what was written (Path, Samples, Objects, Skipped, CheckedAt).</para>
/// <example><code>@(Get-VaultHealth -Address $nodes; Get-VaultRollout) | Export-RunbookMetrics -Path /var/lib/node_exporter/textfile/vault.prom</code><para>Every minute from cron or a systemd timer: feeds Grafana's Vault Health panel with each node's vault_up and vault_sealed and the rollout's kill switch and canary percent.</para></example>
/// </summary>
[Cmdlet(VerbsData.Export, "RunbookMetrics", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.RunbookMetricsExport)]
public sealed class ExportRunbookMetricsCommand : AsyncCmdlet
{
    private readonly List<object> _objects = new();

    /// <summary>The .prom file to write (its folder must exist); node_exporter reads only files ending in .prom.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>VaultHealth, EffectiveRollout or RolloutState, SignatureRecord and FallbackSigningStatus objects.</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            _objects.Add(InputObject.BaseObject);
        }
    }

    protected override void EndProcessing()
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!path.EndsWith(".prom", StringComparison.OrdinalIgnoreCase))
        {
            WriteWarning($"node_exporter's textfile collector reads only files ending in .prom; '{path}' will be written but not collected.");
        }

        var metrics = new RunbookMetrics();
        var skipped = 0;
        foreach (var item in _objects)
        {
            if (!metrics.Add(item))
            {
                skipped++;
                WriteWarningOnce($"Export-RunbookMetrics has no metric for a {item.GetType().Name}; such objects are skipped.");
            }
        }

        if (!ShouldProcess(path, "Write the runbook metrics"))
        {
            return;
        }

        try
        {
            WriteObject(metrics.Write(path, DateTimeOffset.UtcNow, skipped));
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex);
        }
    }
}
