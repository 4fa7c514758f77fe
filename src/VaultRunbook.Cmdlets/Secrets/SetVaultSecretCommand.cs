using System.Collections;
using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Writes a secret as `vault kv put` does (the whole secret; a new version on KV v2), or with -Patch as `vault kv patch` (the given fields merged into the current version).</para>
/// <para type="description">Values may be strings, SecureStrings, numbers, booleans, a PSCredential (its password is
/// stored), or hashtables and arrays of these (stored as JSON); anything else is refused before anything is written.
/// A single field can be given as -Field with a SecureString -Value. -Cas writes only if the current version is still the one given (0: only if the secret does not exist yet). On a
/// KV v1 mount the secret is replaced as a whole; -Cas and -Patch need KV v2. When Vault's answer to the write is
/// lost, Vault is re-read and the written fields' hashes are compared before anything is reported: the record out,
/// VaultRunbook.Secret.NotWritten (safe to retry) or VaultRunbook.Secret.OutcomeUnknown (check the version named).
/// Paths take the CLI's forms (secret/app/db, -Mount secret -Path app/db, secret/data/app/db). -WhatIf names the
/// fields, never a value.</para>
/// <example><code>Get-VaultSecret -Path secret/app/db | Set-VaultSecret -Patch -Data @{ pg_password = (Read-Host -AsSecureString 'New password') }</code><para>Changes one field of secret/app/db as a new version, keeping the others: the secret read binds Mount and Path, and the new value is typed as a SecureString.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Set, "VaultSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = DataSet)]
[OutputType(EngineTypeNames.SecretWrite)]
public sealed class SetVaultSecretCommand : KvCmdlet
{
    private const string DataSet = "Data";
    private const string FieldSet = "Field";
    private Dictionary<string, SensitiveValue>? _values;

    /// <summary>The secret's path: mount/path as in the CLI, or the path inside -Mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The fields to write, by name: strings, SecureStrings, numbers, booleans, a PSCredential (its password), or hashtables and arrays of these. With -Patch, $null removes a field.</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = DataSet)]
    [ValidateNotNull]
    public IDictionary Data { get; set; } = new Hashtable();

    /// <summary>The one field to write with -Value (for example with -Patch, to change one field).</summary>
    [Parameter(Mandatory = true, ParameterSetName = FieldSet)]
    [ValidateNotNullOrEmpty]
    public string Field { get; set; } = string.Empty;

    /// <summary>The value of -Field, as a SecureString (Read-Host -AsSecureString), so it is never typed in plain text.</summary>
    [Parameter(Mandatory = true, ParameterSetName = FieldSet)]
    [ValidateNotNull]
    public System.Security.SecureString? Value { get; set; }

    /// <summary>Check-and-set (KV v2): write only if the current version is this one; 0 writes only if the secret does not exist.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? Cas { get; set; }

    /// <summary>Merge the fields into the current version (`vault kv patch`) instead of replacing the secret. KV v2 only.</summary>
    [Parameter]
    public SwitchParameter Patch { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            var data = ParameterSetName == FieldSet ? new Hashtable { [Field] = Value } : Data;
            _values = SecretDataConverter.Convert(data, allowNull: Patch.IsPresent);
            if (_values.Count == 0)
            {
                throw new ConfigurationException("VaultRunbook.Secret.NoData", "Give at least one field to write (-Data).");
            }
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
        }
    }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var store = new KvSecretStore(ClientFor(settings));
        var fields = string.Join(", ", _values!.Keys.OrderBy(n => n, StringComparer.Ordinal));
        foreach (var path in Path)
        {
            if (Locate(settings, Mount, path) is not { } location)
            {
                continue;
            }

            var what = Patch ? $"Patch {fields} (a new version with the other fields kept)"
                : location.Versioned ? $"Write {fields} as a new version" : $"Replace the secret with {fields} (KV v1 keeps no versions)";
            if (!ShouldProcess($"{settings.AddressText} {location.Target}", what))
            {
                continue;
            }

            try
            {
                var written = Run(ct => store.WriteAsync(location, _values!, Cas, Patch.IsPresent, ct));
                WriteVerbose($"Wrote {location.Target}{(written.Version is { } v ? $" version {v}" : string.Empty)} ({fields}){(written.Reconciled ? "; the answer was lost, and Vault was re-read to confirm the write" : string.Empty)}.");
                WriteObject(written);
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
