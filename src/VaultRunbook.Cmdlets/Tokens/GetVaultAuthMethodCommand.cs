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
public sealed class GetVaultAuthMethodCommand : TokenCmdlet
{
    /// <summary>Only the methods of this type (approle, token, ...); wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    public string? Type { get; set; }

    protected override void ProcessRecord()
    {
        var (settings, client) = Connect();
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
