using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>The transit engine's place: -Mount and -Address (both bound by name from a SignatureRecord or a TransitKey).</summary>
public abstract class TransitCmdlet : VaultCmdlet
{
    /// <summary>The transit mount; a SignatureRecord's Mount binds by name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Mount { get; set; } = "transit";

    /// <summary>The node. Defaults to VAULT_ADDR; a piped record's Address binds by name.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }
}
