using System.Management.Automation;
using VaultRunbook.Engine.Incidents;

namespace VaultRunbook.Cmdlets.Incidents;

/// <summary>Where the incidents are: -Path, else VAULT_RUNBOOK_INCIDENTS, else the incidents folder beside the action journal's default in the per-user VaultRunbook folder.</summary>
internal static class IncidentLocation
{
    public const string DefaultHelp = "VAULT_RUNBOOK_INCIDENTS, else the incidents folder in the per-user VaultRunbook folder";

    public static IncidentStore Open(PSCmdlet cmdlet, string? path) =>
        new(cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path ?? IncidentStore.DefaultFolder(Environment.GetEnvironmentVariable)));

    /// <summary>The Id property of an incident (or of anything with one) given as -Incident.</summary>
    public static string IdOf(PSObject incident) =>
        incident.Properties["Id"]?.Value?.ToString() ?? incident.Properties["IncidentId"]?.Value?.ToString() ?? incident.ToString();
}
