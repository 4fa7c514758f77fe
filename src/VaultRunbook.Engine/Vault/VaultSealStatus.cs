namespace VaultRunbook.Engine.Vault;

/// <summary>sys/seal-status of one node (also what sys/unseal answers).</summary>
public sealed record VaultSealStatus
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The barrier seal type: shamir, awskms, transit, ...</summary>
    public required string Type { get; init; }

    public bool Initialized { get; init; }

    public bool Sealed { get; init; }

    /// <summary>Shares needed (t). Under auto-unseal this describes the recovery keys.</summary>
    public int Threshold { get; init; }

    /// <summary>Shares issued (n).</summary>
    public int Shares { get; init; }

    public int Progress { get; init; }

    public string Nonce { get; init; } = string.Empty;

    public string? Version { get; init; }

    public string? BuildDate { get; init; }

    public bool Migration { get; init; }

    public bool RecoverySeal { get; init; }

    public string? RecoverySealType { get; init; }

    public string? StorageType { get; init; }

    public string? ClusterName { get; init; }

    public string? ClusterId { get; init; }
}
