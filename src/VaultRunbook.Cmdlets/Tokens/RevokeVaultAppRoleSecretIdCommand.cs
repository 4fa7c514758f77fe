using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Tokens;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Destroys AppRole secret-ids, by accessor (secret-id-accessor/destroy) or by value (secret-id/destroy), so they can no longer log in.</para>
/// <para type="description">Tokens already issued with the secret-id stay valid: revoke them with Revoke-VaultToken
/// -Prefix auth/approle/. The output and the action journal name the secret-id by its accessor only.</para>
/// <example><code>$old | Revoke-VaultAppRoleSecretId -Confirm:$false</code><para>Destroys the secret-id that New-VaultAppRoleSecretId gave earlier: Mount, RoleName and SecretIdAccessor bind by name.</para></example>
/// </summary>
[Cmdlet(VerbsSecurity.Revoke, "VaultAppRoleSecretId", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = AccessorSet)]
[OutputType(EngineTypeNames.AppRoleSecretIdRevocation)]
public sealed class RevokeVaultAppRoleSecretIdCommand : AppRoleCmdlet
{
    private const string AccessorSet = "Accessor";
    private const string ValueSet = "SecretId";

    /// <summary>The role the secret-id belongs to.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RoleName { get; set; } = string.Empty;

    /// <summary>The accessors of the secret-ids to destroy.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AccessorSet, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] SecretIdAccessor { get; set; } = [];

    /// <summary>The secret-id itself (a SecureString or a plain string), when its accessor is not known.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ValueSet)]
    [SecureStringTransformation]
    public SecureString? SecretId { get; set; }

    protected override void ProcessRecord()
    {
        var (settings, client) = Connect();
        if (ParameterSetName == ValueSet)
        {
            var secret = SecureStrings.ToSensitive(SecretId!);
            Destroy(settings, "(given by value)", ct => client.DestroySecretIdAsync(Mount, RoleName, secret, ct));
            return;
        }

        foreach (var accessor in SecretIdAccessor)
        {
            Destroy(settings, accessor, ct => client.DestroySecretIdAccessorAsync(Mount, RoleName, accessor, ct));
        }
    }

    private void Destroy(VaultConnectionSettings settings, string accessor, Func<CancellationToken, Task> work)
    {
        var subject = $"{Mount.Trim('/')} role {RoleName} secret-id accessor {accessor}";
        if (!ShouldProcess($"secret-id {accessor} of AppRole role '{RoleName}' at {settings.AddressText}", "Destroy the secret-id (it can no longer log in)"))
        {
            return;
        }

        try
        {
            Run(work);
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex, RoleName);
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now("RevokeAppRoleSecretId", settings.AddressText, "Failed") with { Subject = subject, ErrorId = ex.ErrorId, Message = ex.Message });
            WriteEngineError(ex, accessor);
            return;
        }

        RecordAction(ActionRecord.Now("RevokeAppRoleSecretId", settings.AddressText, "Revoked") with { Subject = subject });
        WriteObject(new AppRoleSecretIdRevocation
        {
            Address = settings.AddressText,
            Namespace = settings.Namespace,
            Mount = Mount.Trim('/'),
            RoleName = RoleName,
            SecretIdAccessor = accessor,
            RevokedAt = DateTimeOffset.UtcNow,
        });
    }
}
