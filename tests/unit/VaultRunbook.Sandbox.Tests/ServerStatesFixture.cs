namespace VaultRunbook.Sandbox.Tests;

/// <summary>One running sandbox per <see cref="ServerState"/>, shared by a test class.</summary>
public sealed class ServerStatesFixture : IAsyncLifetime
{
    private readonly Dictionary<ServerState, SandboxHarness> _harnesses = [];

    internal SandboxHarness this[ServerState state] => _harnesses[state];

    public async Task InitializeAsync()
    {
        foreach (ServerState state in Enum.GetValues<ServerState>())
        {
            _harnesses[state] = await HarnessStates.StartInAsync(state);
        }
    }

    public Task DisposeAsync()
    {
        foreach (SandboxHarness harness in _harnesses.Values)
        {
            harness.Dispose();
        }

        return Task.CompletedTask;
    }
}
