using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>The parameters every KV v2 cmdlet shares: the mount (default secret) and the node, both bindable by property name.</summary>
public abstract class KvCmdlet : VaultCmdlet
{
    /// <summary>The KV v2 mount (default secret).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Mount { get; set; } = "secret";

    /// <summary>The node. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    public VaultNodeParameter? Address { get; set; }
}
