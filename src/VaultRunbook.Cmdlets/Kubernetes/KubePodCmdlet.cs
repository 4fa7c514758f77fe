using System.Management.Automation;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// The Kubernetes cmdlets about pods: -Name (piped names, or objects with Name or Pod, and Namespace) or -Selector
/// (a label selector, as kubectl -l), in -Namespace.
/// </summary>
public abstract class KubePodCmdlet : KubeCmdlet
{
    /// <summary>The pods' names; piped strings and objects with a Name (or Pod) property bind.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "ByName", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Pod")]
    public string[] Name { get; set; } = [];

    /// <summary>A label selector (kubectl -l): every pod of the namespace it matches, for example 'app=api,tier!=canary'.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "BySelector")]
    [Alias("l")]
    [ValidateNotNullOrEmpty]
    public string Selector { get; set; } = string.Empty;

    /// <summary>The pods' namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }

    /// <summary>The pods of this record: the names given, or those the selector matches (none: an error, and an empty list).</summary>
    protected IReadOnlyList<string> PodNames(string ns)
    {
        if (ParameterSetName != "BySelector")
        {
            return Name;
        }

        try
        {
            return Run(ct => PodTargets.SelectNamesAsync(Connection, ns, Selector, ct));
        }
        catch (KubeException ex)
        {
            WriteEngineError(ex, Selector);
            return [];
        }
    }

    /// <summary>Records a change to a pod in the action journal: the API server, the pod, the outcome.</summary>
    protected void JournalPod(string action, string ns, string subject, string outcome, string? message, KubeException? failure = null) =>
        RecordAction(ActionRecord.Now(action, Connection.Server, outcome) with
        {
            Subject = PodTargets.Describe(ns, subject),
            ErrorId = failure?.ErrorId,
            Message = failure?.Message ?? message,
        });
}
