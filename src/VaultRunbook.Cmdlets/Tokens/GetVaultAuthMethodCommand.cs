using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Tokens;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Lists the enabled auth methods (sys/auth): Path, Type, Description, Accessor.</para>
/// <example><code>Get-VaultAuthMethod | Where-Object Type -eq approle | ForEach-Object { Get-VaultAppRole -Mount $_.Path }</code><para>Finds every AppRole mount and lists the roles of each.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultAuthMethod")]
[OutputType(EngineTypeNames.VaultAuthMethod)]
public sealed class GetVaultAuthMethodCommand : VaultCmdlet
{
    /// <summary>The Vault node: a URL, or an object's Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>Only the methods of this type (approle, token, ...); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string? Type { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var client = ClientFor(settings);
        try
        {
            var pattern = Type is null ? null : new WildcardPattern(Type, WildcardOptions.IgnoreCase);
            foreach (var method in Run(ct => client.ListAuthMethodsAsync(ct)))
            {
                if (pattern is null || pattern.IsMatch(method.Type))
                {
                    WriteObject(method);
                }
            }
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
