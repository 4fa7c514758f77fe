using System.Management.Automation;
using System.Text.RegularExpressions;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Reads the logs of pods, by name or label selector, as one object per line (kubectl logs, with grep built in).</para>
/// <para type="description">Reads each pod's containers (all of them unless -Container names some) through the API
/// server's pods/log endpoint, with kubectl logs' options: -Tail (the last N lines of each container), -Since,
/// -Previous (the container's instance before its last restart) and -Timestamps. -Pattern keeps only the lines a
/// regular expression matches, after -Tail, as `kubectl logs --tail N | grep` does. Each line is an object with
/// Namespace, Pod, Container, Timestamp (with -Timestamps) and Line. A missing pod, a missing container, and a
/// container with no previous instance are errors with their own ids; the other pods go on.</para>
/// <example><code>Get-K8sPodLog -Namespace auth -Selector app=auth-api -Since (New-TimeSpan -Hours 1) -Pattern authentication_failed | Group-Object Pod | Sort-Object Count -Descending</code><para>Counts, per pod, the authentication failures of the last hour in the auth-api pods: the runbook's `kubectl logs -l app=auth-api --since=1h | grep authentication_failed`.</para></example>
/// <example><code>(Get-K8sWorkloadHealth -Namespace app).Pods | Where-Object Restarts -gt 0 | Get-K8sPodLog -Previous -Tail 50</code><para>Shows the last 50 lines each restarted pod wrote before its last restart.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "K8sPodLog", DefaultParameterSetName = "ByName")]
[OutputType(EngineTypeNames.K8sPodLogLine)]
public sealed class GetK8sPodLogCommand : KubePodCmdlet
{
    /// <summary>The containers to read; an unknown one is an error.</summary>
    [Parameter]
    [PSDefaultValue(Help = "every container of the pod")]
    [Alias("c")]
    public string[]? Container { get; set; }

    /// <summary>The last N lines of each container (kubectl logs --tail).</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? Tail { get; set; }

    /// <summary>Only the lines written in this last span of time (kubectl logs --since), rounded up to seconds.</summary>
    [Parameter]
    public TimeSpan? Since { get; set; }

    /// <summary>The log of each container's previous instance, before its last restart (kubectl logs --previous); without -Container, of the containers that have one.</summary>
    [Parameter]
    [Alias("p")]
    public SwitchParameter Previous { get; set; }

    /// <summary>Ask for the time of each line (the Timestamp property).</summary>
    [Parameter]
    public SwitchParameter Timestamps { get; set; }

    /// <summary>A regular expression (.NET syntax, case-sensitive): only the lines it matches are kept.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Pattern { get; set; }

    protected override void ProcessRecord()
    {
        if (Since is { } since && since <= TimeSpan.Zero)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.K8s.InvalidSince", ErrorCategory.InvalidArgument, $"-Since must be a positive span of time; {since} is not.", since));
        }

        Regex? pattern = null;
        if (!string.IsNullOrEmpty(Pattern))
        {
            try
            {
                pattern = new Regex(Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.K8s.InvalidPattern", ErrorCategory.InvalidArgument, $"-Pattern is not a valid regular expression: {ex.Message}", Pattern));
            }
        }

        var ns = NamespaceOrDefault(Namespace);
        var request = new PodLogRequest { Containers = Container ?? [], Tail = Tail, Since = Since, Previous = Previous, Timestamps = Timestamps, Pattern = pattern };
        foreach (var pod in PodNames(ns))
        {
            try
            {
                WriteObject(Run(ct => PodLogService.ReadAsync(Connection, ns, pod, request, ct)), enumerateCollection: true);
            }
            catch (KubeException ex)
            {
                WriteEngineError(ex, PodTargets.Describe(ns, pod));
            }
            catch (RegexMatchTimeoutException)
            {
                ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.K8s.PatternTimeout", ErrorCategory.LimitsExceeded, "-Pattern took too long on a log line; give a simpler regular expression.", Pattern));
            }
        }
    }
}
