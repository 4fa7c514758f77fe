namespace VaultRunbook.Engine.Kubernetes;

/// <summary>The workloads that roll out: apps/v1 Deployment, StatefulSet and DaemonSet.</summary>
public enum WorkloadKind
{
    Deployment,
    StatefulSet,
    DaemonSet,
}
