namespace VaultRunbook.Sandbox.Core;

/// <summary>A consistent snapshot of the seal state (the core of sys/seal-status).</summary>
internal sealed record SealStatus(
    bool Initialized,
    bool Sealed,
    int Threshold,
    int Shares,
    int Progress,
    string Nonce,
    string? ClusterName,
    string? ClusterId);
