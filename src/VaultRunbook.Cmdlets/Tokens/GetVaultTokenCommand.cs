using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Tokens;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Looks up Vault tokens: the caller's own (auth/token/lookup-self), one given by -Token, or others by -Accessor (auth/token/lookup-accessor).</para>
/// <para type="description">The output describes a token (DisplayName, Policies, Path, CreationTime, ExpireTime,
/// Orphan, Ttl...) and names it by its Accessor, never by its value. With -Token and no -Accessor the given token
/// looks itself up, which every token may do. Accessors bind by name from the pipeline, and the output pipes into
/// Revoke-VaultToken.</para>
/// <example><code>Get-VaultToken -Accessor $suspect | Where-Object Path -like 'auth/approle/*' | Revoke-VaultToken -Confirm:$false</code><para>Looks up a suspect token by its accessor and revokes it when the AppRole login issued it.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultToken", DefaultParameterSetName = SelfSet)]
[OutputType(EngineTypeNames.VaultTokenInfo)]
public sealed class GetVaultTokenCommand : TokenCmdlet
{
    private const string SelfSet = "Self";
    private const string AccessorSet = "Accessor";

    /// <summary>The accessors of the tokens to look up; without it, the caller's token (-Token or VAULT_TOKEN) is described.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessorSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Accessor { get; set; } = [];

    protected override void ProcessRecord()
    {
        var (settings, client) = Connect();
        if (ParameterSetName == SelfSet)
        {
            Lookup(settings.AddressText, ct => client.LookupSelfAsync(ct));
            return;
        }

        foreach (var accessor in Accessor)
        {
            Lookup(accessor, ct => client.LookupAccessorAsync(accessor, ct));
        }
    }

    private void Lookup(string target, Func<CancellationToken, Task<VaultTokenInfo>> lookup)
    {
        try
        {
            WriteObject(Run(lookup));
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, target);
        }
    }
}
