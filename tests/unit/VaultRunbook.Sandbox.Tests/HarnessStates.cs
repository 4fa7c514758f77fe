namespace VaultRunbook.Sandbox.Tests;

/// <summary>Starts a sandbox already in a given <see cref="ServerState"/>.</summary>
internal static class HarnessStates
{
    public static async Task<SandboxHarness> StartInAsync(ServerState state)
    {
        var harness = SandboxHarness.Start(new SandboxOptions { Initialize = state != ServerState.Uninitialized });
        if (state is ServerState.Uninitialized or ServerState.Sealed)
        {
            return harness;
        }

        string[] keys = harness.Keys;
        await harness.UnsealWithAsync(keys[0], keys[1], keys[2]);
        harness.Sandbox.Role = state switch
        {
            ServerState.Standby => SandboxRole.Standby,
            ServerState.PerformanceStandby => SandboxRole.PerformanceStandby,
            ServerState.DrSecondary => SandboxRole.DrSecondary,
            _ => SandboxRole.Active,
        };
        return harness;
    }
}
