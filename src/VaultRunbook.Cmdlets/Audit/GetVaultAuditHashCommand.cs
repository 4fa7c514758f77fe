using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Audit;

/// <summary>
/// <para type="synopsis">Hashes a known value (an exposed token, an accessor) with an audit device's salt (sys/audit-hash), to find it in the log.</para>
/// <example><code>Get-VaultAuditHash -Device file -Value $exposedToken | ForEach-Object { Search-VaultAuditLog -Path ./vault-audit.log -ClientTokenHmac $_.Hash }</code><para>Hashes an exposed token with the file device's salt, then finds every request that token made: the audit log only holds the HMAC.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultAuditHash")]
[OutputType(EngineTypeNames.AuditHash)]
public sealed class GetVaultAuditHashCommand : VaultCmdlet
{
    /// <summary>The audit device's path (e.g. file).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    [ValidateNotNullOrEmpty]
    public string Device { get; set; } = string.Empty;

    /// <summary>The value to hash. It is sent to Vault and never shown.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public SecureString Value { get; set; } = new();

    /// <summary>The node. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var device = Device.Trim('/');
        try
        {
            WriteObject(Run(ct => ClientFor(settings).GetAuditHashAsync(device, SecureStrings.ToSensitive(Value), ct)));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, device);
        }
    }
}
