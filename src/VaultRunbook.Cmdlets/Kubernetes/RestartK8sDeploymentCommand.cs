using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Restarts deployments (or statefulsets, daemonsets) as kubectl rollout restart does, and can follow the rollout.</para>
/// <para type="description">Sets the pod template's kubectl.kubernetes.io/restartedAt annotation with a strategic-merge
/// patch, so the template's other annotations stay, and the controller rolls every pod. A paused deployment is
/// refused, as kubectl refuses it. The restarts run once the pipeline's input has ended, each workload once: piping
/// a secret rotation in restarts the named deployments after the rotation, and piping names or health objects
/// restarts those. -Wait follows each rollout with progress until it completes, fails or -TimeoutSec passes.
/// Every restart is recorded in the action journal (Get-VaultActionLog).</para>
/// <example><code>Invoke-SecretRotation -Path secret/app/database -Generate pg_password | Restart-K8sDeployment -Namespace app -Name api, worker -Wait</code><para>Rotates the database password in Vault, then restarts the api and worker deployments so they read it, and waits until both rollouts are complete.</para></example>
/// <example><code>(Get-K8sWorkloadHealth -Namespace app).Deployments | Where-Object { -not $_.Healthy } | Restart-K8sDeployment -Wait -TimeoutSec 120</code><para>Restarts only the unhealthy deployments of the app namespace, each followed for at most two minutes.</para></example>
/// <example><code>'api', 'worker' | Restart-K8sDeployment -Namespace app -WhatIf</code><para>Shows which deployments would be restarted without changing anything.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Restart, "K8sDeployment", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.K8sWorkloadChange)]
public sealed class RestartK8sDeploymentCommand : KubeChangeCmdlet
{
    // Kinds kept as text: no Engine value type in a cmdlet's layout (the Engine loads only after OnImport).
    private readonly List<(string Namespace, string Name, string Kind)> _targets = new();
    private bool _nameGiven;
    private bool _namespaceGiven;

    /// <summary>The workloads' names; piped strings and objects with a Name property bind.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[]? Name { get; set; }

    /// <summary>Their namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }

    /// <summary>Deployment, StatefulSet or DaemonSet.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Deployment", "StatefulSet", "DaemonSet", IgnoreCase = true)]
    public string Kind { get; set; } = "Deployment";

    /// <summary>
    /// What the previous step produced: a name (a string), a workload object (Namespace, Name), or anything else
    /// (a secret rotation) that only says the restart is due; then -Name says what to restart.
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    protected override void BeginProcessing()
    {
        _nameGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Name));
        _namespaceGiven = MyInvocation.BoundParameters.ContainsKey(nameof(Namespace));
    }

    protected override void ProcessRecord()
    {
        var fromPipeline = InputObject?.BaseObject;
        string[]? names = Name;
        var ns = Namespace;
        var kind = Kind;
        if (fromPipeline is string pipedName && !_nameGiven)
        {
            names = [pipedName];
        }
        else if (fromPipeline is not null and not string && !IsWorkload(InputObject!))
        {
            // A trigger (a secret rotation): its own Namespace (a Vault namespace) or Name says nothing about Kubernetes.
            names = _nameGiven ? Name : null;
            ns = _namespaceGiven ? Namespace : null;
            kind = MyInvocation.BoundParameters.ContainsKey(nameof(Kind)) ? Kind : "Deployment";
        }

        if (names is not { Length: > 0 })
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.K8s.NameRequired", ErrorCategory.InvalidArgument, "Give -Name, or pipe names or objects with Namespace and Name, to say which workloads to restart.", InputObject));
            return;
        }

        foreach (var name in names)
        {
            var target = (NamespaceOrDefault(ns), name, ParseKind(kind).ToString());
            if (!_targets.Contains(target))
            {
                _targets.Add(target);
            }
        }
    }

    // Our own Kubernetes records, and any object that carries Namespace, Name and a workload Kind.
    private static bool IsWorkload(PSObject input) =>
        input.BaseObject is K8sDeploymentHealth or K8sWorkloadChange
        || (input.Properties["Name"] is not null && input.Properties["Kind"]?.Value?.ToString() is "Deployment" or "StatefulSet" or "DaemonSet");

    protected override void EndProcessing()
    {
        foreach (var (ns, name, kindText) in _targets)
        {
            var kind = ParseKind(kindText);
            Apply(kind, ns, name, "K8sRestart", "Restart (kubectl rollout restart)", ct => RolloutService.RestartAsync(Connection, kind, ns, name, DateTimeOffset.Now, ct), _ => "Restarted");
        }
    }
}
