using System.Runtime.CompilerServices;

namespace VaultRunbook.Testing;

/// <summary>
/// Points the module's action journal (VAULT_RUNBOOK_JOURNAL) at a file of this test process in the temp folder
/// before any test runs, so that the unseals and seals of the tests never land in the user's own journal. Tests
/// about the journal set $VaultRunbookJournalPath in their runspace instead.
/// </summary>
internal static class TestJournal
{
    public static string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vaultrunbook-tests-{Environment.ProcessId}", "actions.jsonl");

#pragma warning disable CA2255 // A test assembly's one process-wide setting, made before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Redirect()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VAULT_RUNBOOK_JOURNAL")))
        {
            Environment.SetEnvironmentVariable("VAULT_RUNBOOK_JOURNAL", Path);
        }
    }
}
