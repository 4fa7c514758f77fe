using System.Collections;
using System.Globalization;
using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Tokens;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// <para type="synopsis">Generates a new AppRole secret-id (auth/approle/role/NAME/secret-id). Outputs RoleName, SecretIdAccessor and the secret-id as a SecureString.</para>
/// <para type="description">The secret-id is shown nowhere: it is a SecureString in the output, and the action
/// journal records only its accessor. The call is not retried, so a lost answer cannot leave unknown secret-ids
/// behind. Rotating a secret-id is this, then Revoke-VaultAppRoleSecretId on the old accessor.</para>
/// <example><code>$new = Get-VaultAppRole -RoleName sidecar | New-VaultAppRoleSecretId -Confirm:$false; $new | Connect-VaultAppRole -RoleId (Get-VaultAppRole -RoleName sidecar).RoleId</code><para>Generates a new secret-id for the sidecar role and logs in with it to prove it works.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.New, "VaultAppRoleSecretId", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(VaultAppRoleSecretId))]
public sealed class NewVaultAppRoleSecretIdCommand : AppRoleCmdlet
{
    /// <summary>The role to generate the secret-id for (binds by name from Get-VaultAppRole).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string RoleName { get; set; } = string.Empty;

    /// <summary>Metadata attached to the secret-id (and to the tokens it logs in), as string keys and values.</summary>
    [Parameter]
    public Hashtable? Metadata { get; set; }

    /// <summary>How long the secret-id lives; at most the role's secret_id_ttl. The role's value when omitted.</summary>
    [Parameter]
    public TimeSpan? Ttl { get; set; }

    /// <summary>How many logins it allows (0: unlimited); at most the role's secret_id_num_uses. The role's value when omitted.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long? NumUses { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        if (!ShouldProcess($"AppRole role '{RoleName}' of {Mount} at {settings.AddressText}", "Generate a new secret-id"))
        {
            return;
        }

        var metadata = Metadata?.Cast<DictionaryEntry>().ToDictionary(e => Convert.ToString(e.Key, CultureInfo.InvariantCulture)!, e => Convert.ToString(e.Value, CultureInfo.InvariantCulture) ?? string.Empty, StringComparer.Ordinal);
        var client = ClientFor(settings);
        var subject = $"{Mount.Trim('/')} role {RoleName}";
        try
        {
            var made = Run(ct => client.NewSecretIdAsync(Mount, RoleName, metadata, Ttl, NumUses, ct));
            RecordAction(ActionRecord.Now("NewAppRoleSecretId", settings.AddressText, "Created") with { Subject = $"{subject} secret-id accessor {made.SecretIdAccessor}" });
            WriteObject(new VaultAppRoleSecretId(made.Address, made.Namespace, made.Mount, made.RoleName, made.SecretIdAccessor, SecureStrings.ToSecure(made.SecretId.Reveal()), made.NumUses, made.Ttl));
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex, RoleName);
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now("NewAppRoleSecretId", settings.AddressText, "Failed") with { Subject = subject, ErrorId = ex.ErrorId, Message = ex.Message });
            WriteEngineError(ex, RoleName);
        }
    }
}
