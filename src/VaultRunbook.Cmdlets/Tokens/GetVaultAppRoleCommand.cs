using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Tokens;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Reads AppRole roles (auth/approle/role): their settings and role-id. Without -RoleName, every role of the mount.</para>
/// <para type="description">The role-id identifies a role and is not a secret (the secret-id is). The output
/// binds Mount and RoleName by name into New-VaultAppRoleSecretId, and RoleId into Connect-VaultAppRole.</para>
/// <example><code>Get-VaultAppRole -RoleName sidecar | New-VaultAppRoleSecretId -Confirm:$false</code><para>Reads the sidecar role and generates a new secret-id for it.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultAppRole")]
[OutputType(EngineTypeNames.VaultAppRole)]
public sealed class GetVaultAppRoleCommand : AppRoleCmdlet
{
    /// <summary>The roles to read; all the mount's roles when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[]? RoleName { get; set; }

    protected override void ProcessRecord()
    {
        var (settings, client) = Connect();
        IReadOnlyList<string> names;
        try
        {
            names = RoleName ?? Run(ct => client.ListAppRolesAsync(Mount, ct));
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex, Mount);
            return;
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, Mount);
            return;
        }

        foreach (var name in names)
        {
            try
            {
                WriteObject(Run(ct => client.GetAppRoleAsync(Mount, name, ct)));
            }
            catch (ConfigurationException ex)
            {
                WriteEngineError(ex, name);
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex, name);
            }
        }
    }
}
