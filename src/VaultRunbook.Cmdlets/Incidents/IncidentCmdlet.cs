using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Incidents;

namespace VaultRunbook.Cmdlets.Incidents;

/// <summary>The -Path (incidents folder) parameter New-, Add-, Get-RunbookIncident share, and the store it opens.</summary>
public abstract class IncidentCmdlet : AsyncCmdlet
{
    /// <summary>The incidents folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("IncidentFolder")]
    [PSDefaultValue(Help = IncidentLocation.DefaultHelp)]
    public string? Path { get; set; }

    protected IncidentStore OpenStore() => IncidentLocation.Open(this, Path);
}
