namespace VaultRunbook.Sandbox.Tests;

/// <summary>The server states the fidelity tests put a sandbox in.</summary>
public enum ServerState
{
    Uninitialized,
    Sealed,
    Active,
    Standby,
    PerformanceStandby,
    DrSecondary,
}
