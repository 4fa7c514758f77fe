namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One object of a restore: what was done (Created, Updated, Unchanged), or in a plan what would be (Create, Update, Unchanged).</summary>
public sealed record K8sConfigRestoreItem
{
    public required string Namespace { get; init; }

    /// <summary>ConfigMap or Secret.</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Action { get; init; }

    public required string Server { get; init; }
}
