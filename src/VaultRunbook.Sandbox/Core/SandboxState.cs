namespace VaultRunbook.Sandbox.Core;

/// <summary>Everything kept behind the barrier (encrypted under the barrier key). Later features add members.</summary>
internal sealed record SandboxState(
    string RootToken,
    string RootAccessor,
    long RootCreationTime,
    string ClusterName,
    string ClusterId);
