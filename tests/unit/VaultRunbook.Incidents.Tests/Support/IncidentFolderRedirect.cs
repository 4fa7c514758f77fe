using System.Runtime.CompilerServices;

namespace VaultRunbook.Incidents.Tests.Support;

/// <summary>Points VAULT_RUNBOOK_INCIDENTS at this test process's temp folder before any test, so an incident opened without -Path never lands in the user's own folder.</summary>
internal static class IncidentFolderRedirect
{
#pragma warning disable CA2255 // A test assembly's one process-wide setting, made before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Redirect()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VAULT_RUNBOOK_INCIDENTS")))
        {
            Environment.SetEnvironmentVariable("VAULT_RUNBOOK_INCIDENTS", Path.Combine(Path.GetTempPath(), $"vaultrunbook-tests-{Environment.ProcessId}", "incidents"));
        }

        Environment.SetEnvironmentVariable("VAULT_ADDR", null); // the health item is checked only where a test gives -Address
    }
}
