using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// The token and auth-method cmdlets' shared face: one Vault node from -Address (or an object's Address property,
/// which every output of theirs carries), resolved with the caller's -Token or the environment.
/// </summary>
public abstract class TokenCmdlet : VaultCmdlet
{
    /// <summary>The Vault node: a URL, or an object's Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>The node's settings and its pooled client.</summary>
    protected (VaultConnectionSettings Settings, IVaultClient Client) Connect()
    {
        var settings = ResolveSettings(Address?.Address);
        return (settings, ClientFor(settings));
    }
}
