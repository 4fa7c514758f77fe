using System.Management.Automation;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>A change to workloads named by -Name (or piped names, or piped objects with Namespace and Name).</summary>
public abstract class KubeNamedChangeCmdlet : KubeChangeCmdlet
{
    /// <summary>The workloads' names; piped strings and objects with a Name property bind.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Name { get; set; } = [];

    /// <summary>Their namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }
}
