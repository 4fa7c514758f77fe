namespace VaultRunbook.Engine.Kubernetes;

/// <summary>The stable/canary route weights of an Istio VirtualService, after (or, in a plan, before) a change.</summary>
public sealed record K8sCanaryWeight
{
    public required string Namespace { get; init; }

    /// <summary>The VirtualService's name.</summary>
    public required string Name { get; init; }

    public required string StableSubset { get; init; }

    public required string CanarySubset { get; init; }

    public int StableWeight { get; init; }

    public int CanaryWeight { get; init; }

    public int PreviousStable { get; init; }

    public int PreviousCanary { get; init; }

    /// <summary>How many http routes carry the stable/canary pair (each got the same weights).</summary>
    public int Routes { get; init; }

    /// <summary>The networking.istio.io version read and patched (v1 or v1beta1).</summary>
    public required string ApiVersion { get; init; }

    /// <summary>False when the weights already were the ones asked for (nothing was sent).</summary>
    public bool Changed { get; init; }

    public required string Server { get; init; }
}
