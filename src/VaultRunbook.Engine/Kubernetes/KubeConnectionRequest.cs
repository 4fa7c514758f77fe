namespace VaultRunbook.Engine.Kubernetes;

/// <summary>What a cmdlet asked for: a kubeconfig path (else KUBECONFIG, else ~/.kube/config, else in-cluster) and a context.</summary>
public sealed record KubeConnectionRequest
{
    public string? KubeConfigPath { get; init; }

    public string? Context { get; init; }
}
