using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// The Kubernetes cmdlets' connection: -KubeConfig (else KUBECONFIG, else ~/.kube/config, else in-cluster) and
/// -Context (else the current context), through the session's client pool; the namespace defaults to the context's.
/// </summary>
public abstract class KubeCmdlet : AsyncCmdlet
{
    private KubeConnection? _connection;

    /// <summary>The kubeconfig file to use instead of KUBECONFIG or ~/.kube/config.</summary>
    [Parameter]
    [PSDefaultValue(Help = "KUBECONFIG, else ~/.kube/config, else the in-cluster service account")]
    public string? KubeConfig { get; set; }

    /// <summary>The kubeconfig context to use instead of its current-context.</summary>
    [Parameter]
    [PSDefaultValue(Help = "the kubeconfig's current-context")]
    public string? Context { get; set; }

    /// <summary>The connection (made once per context in the session); a configuration error ends the cmdlet.</summary>
    protected KubeConnection Connection
    {
        get
        {
            if (_connection is not null)
            {
                return _connection;
            }

            try
            {
                var path = string.IsNullOrEmpty(KubeConfig) ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(KubeConfig);
                return _connection = KubeSession.Current.Get(new KubeConnectionRequest { KubeConfigPath = path, Context = Context });
            }
            catch (KubeException ex)
            {
                ThrowEngineError(ex);
                throw; // not reached: ThrowTerminatingError throws
            }
        }
    }

    protected string NamespaceOrDefault(string? ns) => string.IsNullOrEmpty(ns) ? Connection.DefaultNamespace : ns;

    internal static WorkloadKind ParseKind(string? kind) => kind switch
    {
        null or "" => WorkloadKind.Deployment,
        _ => Enum.Parse<WorkloadKind>(kind, ignoreCase: true),
    };

    /// <summary>Records a change in the action journal: where (the API server), what (kind, namespace, name), the outcome.</summary>
    protected void Journal(string action, WorkloadKind kind, string ns, string name, string outcome, string? message, EngineException? failure = null) =>
        Journal(action, RolloutService.Describe(kind, ns, name), outcome, message, failure);

    /// <summary>Records a change to any object, named by <paramref name="subject"/> ("secret app/jwt"); never a value.</summary>
    protected void Journal(string action, string subject, string outcome, string? message, EngineException? failure = null) =>
        RecordAction(ActionRecord.Now(action, Connection.Server, outcome) with
        {
            Subject = subject,
            ErrorId = failure?.ErrorId,
            Message = failure?.Message ?? message,
        });

    /// <summary>Follows a rollout with Write-Progress (kubectl rollout status's lines) until it completes.</summary>
    protected K8sRolloutStatus WaitWithProgress(WorkloadKind kind, string ns, string name, int timeoutSec, int activityId)
    {
        var record = new ProgressRecord(activityId, $"Rollout of {RolloutService.Describe(kind, ns, name)}", "Waiting for the rollout");
        var progress = new CallbackProgress<K8sRolloutStatus>(status => Post(() =>
        {
            record.StatusDescription = status.Message;
            record.PercentComplete = status.Desired > 0 ? Math.Clamp(100 * Math.Min(status.Updated, status.Available) / status.Desired, 0, 100) : -1;
            WriteProgress(record);
        }));
        try
        {
            return Run(ct => RolloutService.WaitAsync(Connection, kind, ns, name, TimeSpan.FromSeconds(timeoutSec), TimeSpan.FromMilliseconds(250), progress, ct));
        }
        finally
        {
            record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
        }
    }

    /// <summary>The change with the rollout after it: followed to completion, or its failure written as an error.</summary>
    protected K8sWorkloadChange Followed(K8sWorkloadChange change, int timeoutSec, int activityId)
    {
        try
        {
            var status = WaitWithProgress(change.Kind, change.Namespace, change.Name, timeoutSec, activityId);
            return change with { RolloutComplete = true, Revision = status.Revision ?? change.Revision, Message = status.Message };
        }
        catch (KubeException ex)
        {
            WriteEngineError(ex, RolloutService.Describe(change.Kind, change.Namespace, change.Name));
            return change with { RolloutComplete = false, Message = ex.Message };
        }
    }
}
