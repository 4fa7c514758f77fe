using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">The daily health check of a Kubernetes namespace, as one object per namespace.</para>
/// <para type="description">Reads the namespace's deployments (desired, ready, updated, available, paused), pods (phase,
/// restarts, OOMKilled, CrashLoopBackOff, node), services with and without ready endpoints, ingresses and the
/// services behind them, horizontal pod autoscalers, and the events of the last -EventHours hours sorted by time.
/// Healthy is false when any of them has a problem, and Problems says which in one line each. With -Assert, an
/// unhealthy namespace ends the script with a failure, so a scheduled task or CI step fails in one line. The
/// Deployments property holds objects with Namespace and Name that pipe into Restart-K8sDeployment.</para>
/// <example><code>(Get-K8sWorkloadHealth -Namespace app).Deployments | Where-Object { -not $_.Healthy } | Restart-K8sDeployment -Wait</code><para>Checks the app namespace and restarts only the deployments that are not healthy, following each rollout to the end.</para></example>
/// <example><code>Get-K8sWorkloadHealth -Namespace app, payments -EventHours 2 -Assert</code><para>In a scheduled task or CI step: fails the script (pwsh -File exits 1) unless both namespaces are healthy, naming every problem.</para></example>
/// <example><code>(Get-K8sWorkloadHealth -Namespace app).Events | Where-Object Type -eq Warning | Format-Table Time, Reason, Object, Message</code><para>Lists the warning events of the last 24 hours, oldest first.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "K8sWorkloadHealth")]
[OutputType(EngineTypeNames.K8sWorkloadHealth)]
public sealed class GetK8sWorkloadHealthCommand : KubeCmdlet
{
    private readonly List<string> _namespaces = new();

    /// <summary>The namespaces to check; objects with a Namespace property bind by name.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string[]? Namespace { get; set; }

    /// <summary>How many hours of events to include, 1 to 720.</summary>
    [Parameter]
    [ValidateRange(1, 720)]
    public int EventHours { get; set; } = 24;

    /// <summary>Fail (end the script, as -ErrorAction Stop does) when any namespace is not healthy.</summary>
    [Parameter]
    public SwitchParameter Assert { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var ns in Namespace is { Length: > 0 } given ? given : new string?[] { null })
        {
            var resolved = NamespaceOrDefault(ns);
            if (!_namespaces.Contains(resolved, StringComparer.Ordinal))
            {
                _namespaces.Add(resolved);
            }
        }
    }

    protected override void EndProcessing()
    {
        var unhealthy = new List<string>();
        foreach (var ns in _namespaces)
        {
            try
            {
                var health = Run(ct => WorkloadHealthService.CheckAsync(Connection, ns, TimeSpan.FromHours(EventHours), DateTimeOffset.UtcNow, ct));
                WriteObject(health);
                if (!health.Healthy)
                {
                    unhealthy.Add($"{ns}: {string.Join("; ", health.Problems)}");
                }
            }
            catch (KubeException ex)
            {
                WriteEngineError(ex, ns);
                unhealthy.Add($"{ns}: {ex.ErrorId}");
            }
        }

        if (Assert && unhealthy.Count > 0)
        {
            var record = ErrorRecords.Create("VaultRunbook.K8s.Unhealthy", ErrorCategory.ResourceUnavailable, $"Kubernetes workloads are not healthy: {string.Join(" | ", unhealthy)}.", null);
            ThrowScriptTerminatingError(record);
        }
    }
}
