using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Tokens;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Logs in with AppRole (auth/approle/login): outputs a token object whose Token is a SecureString, which binds as -Token to every cmdlet.</para>
/// <para type="description">The role-id is -RoleId, or read from -RoleName with the caller's token. The secret-id
/// binds by name from New-VaultAppRoleSecretId. No token is sent with the login. The new token shows nowhere: it
/// is a SecureString, and the object's Accessor names it for Get-VaultToken and Revoke-VaultToken. A session
/// default for -Token ($PSDefaultParameterValues['*:Token']) wins over a piped object's Token in PowerShell's
/// binding, so leave the caller's token to VAULT_TOKEN when piping logins.</para>
/// <example><code>New-VaultAppRoleSecretId -RoleName sidecar -Confirm:$false | Connect-VaultAppRole -RoleName sidecar | Get-VaultToken</code><para>Generates a secret-id, logs in with it, and looks up the token the login gave (it binds as -Token).</para></example>
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "VaultAppRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = RoleIdSet)]
[OutputType(typeof(VaultAuthToken))]
public sealed class ConnectVaultAppRoleCommand : AppRoleCmdlet
{
    private const string RoleIdSet = "RoleId";
    private const string RoleNameSet = "RoleName";

    /// <summary>The role-id (Get-VaultAppRole's RoleId binds by name).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = RoleIdSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RoleId { get; set; } = string.Empty;

    /// <summary>The role's name, to read its role-id with the caller's token (-Token or VAULT_TOKEN).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RoleNameSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RoleName { get; set; } = string.Empty;

    /// <summary>The secret-id (a SecureString, or a plain string); binds by name from New-VaultAppRoleSecretId. Omit it for a role without bind_secret_id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [SecureStringTransformation]
    public SecureString? SecretId { get; set; }

    protected override void ProcessRecord()
    {
        var (settings, client) = Connect();
        var target = ParameterSetName == RoleNameSet ? $"AppRole role '{RoleName}'" : "AppRole role-id";
        if (!ShouldProcess($"{target} of {Mount} at {settings.AddressText}", "Log in and get a new token"))
        {
            return;
        }

        try
        {
            var roleId = ParameterSetName == RoleNameSet ? Run(ct => client.GetAppRoleAsync(Mount, RoleName, ct)).RoleId ?? string.Empty : RoleId;
            var secret = SecretId is null ? null : SecureStrings.ToSensitive(SecretId);
            var login = Run(ct => client.LoginAppRoleAsync(Mount, roleId, secret, ct));
            WriteObject(new VaultAuthToken(
                login.Address,
                login.Namespace,
                SecureStrings.ToSecure(login.Token.Reveal()),
                login.Accessor,
                login.Policies,
                login.LeaseDuration,
                login.Renewable,
                login.Orphan,
                login.Metadata,
                $"auth/{VaultAuthApi.MountPath(Mount)}/login"));
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex, Mount);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, ParameterSetName == RoleNameSet ? RoleName : Mount);
        }
    }
}
