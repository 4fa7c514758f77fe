using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Audit;

/// <summary>
/// <para type="synopsis">Lists the audit devices enabled on a Vault node (GET sys/audit), as `vault audit list -detailed` does.</para>
/// <para type="description">Needs a token with sudo on sys/audit. Each device has Path (without the trailing
/// slash, so it binds as -Device to Get-VaultAuditHash), Type, Description, Local, Options and FilePath. -Path
/// keeps the devices whose path matches, with wildcards.</para>
/// <example><code>Get-VaultAuditDevice -Type file | Get-VaultAuditHash -Value $exposedToken</code><para>Hashes an exposed token with the salt of every file audit device, to search each device's log for it.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultAuditDevice")]
[OutputType(EngineTypeNames.VaultAuditDevice)]
public sealed class GetVaultAuditDeviceCommand : VaultCmdlet
{
    /// <summary>The node: a URL, or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>Device paths to keep, with wildcards (file*). All by default.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Keep only devices of this type (file, socket, syslog).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Type { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var patterns = Path?.Select(p => WildcardPattern.Get(p.TrimEnd('/'), WildcardOptions.IgnoreCase)).ToArray();
        try
        {
            foreach (var device in Run(ct => ClientFor(settings).GetAuditDevicesAsync(ct)))
            {
                if ((patterns is null || patterns.Any(p => p.IsMatch(device.Path)))
                    && (Type is null || string.Equals(Type, device.Type, StringComparison.OrdinalIgnoreCase)))
                {
                    WriteObject(device);
                }
            }
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
