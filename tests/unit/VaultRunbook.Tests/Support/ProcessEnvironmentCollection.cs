using Xunit;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// Tests that set VAULT_ADDR or VAULT_TOKEN for the whole process (as -SetEnvironment does for a session): they run
/// alone, so no other test sees those variables.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}
