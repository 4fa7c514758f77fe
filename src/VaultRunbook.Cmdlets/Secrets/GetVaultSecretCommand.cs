using System.Collections.Specialized;
using System.Management.Automation;
using System.Text.Json.Nodes;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Reads a secret from a KV v2 mount (the current version or a given one) or a KV v1 mount. Values are SecureStrings unless -AsPlainText.</para>
/// <para type="description">The path takes the Vault CLI's forms: secret/app/db, -Mount secret -Path app/db, or the
/// API form secret/data/app/db. The mount is found as `vault kv get` finds it (sys/internal/ui/mounts), once per mount;
/// -Verbose says which mount was used, and a path that could be read two ways gives a warning. -Version needs KV v2.</para>
/// <example><code>(Get-VaultSecret -Path secret/app/db).Data.pg_password | ConvertFrom-SecureString -AsPlainText</code><para>Reads the current version of secret/app/db (mount secret, found as the CLI finds it) and shows one field as plain text.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultSecret")]
[OutputType(typeof(VaultSecret))]
public sealed class GetVaultSecretCommand : KvCmdlet
{
    /// <summary>The secret's path: mount/path as in the CLI, or the path inside -Mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>A given version (default the current one). KV v2 only.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Version { get; set; }

    /// <summary>Output values as plain text. They then show wherever the object is printed.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var store = new KvSecretStore(ClientFor(settings));
        foreach (var path in Path)
        {
            if (Locate(settings, Mount, path) is not { } location)
            {
                continue;
            }

            try
            {
                var secret = Run(ct => store.ReadAsync(location, Version, ct));
                var data = new OrderedDictionary(StringComparer.Ordinal);
                foreach (var (name, value) in secret.Data)
                {
                    data[name] = Convert(value);
                }

                WriteObject(new VaultSecret(secret.Address, secret.Mount, secret.Path, location.Versioned ? secret.Version : null, secret.CreatedTime, data, AsPlainText));
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex);
            }
        }
    }

    private object? Convert(JsonNode? value)
    {
        var text = value is JsonValue scalar && scalar.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
        return text is null ? null : AsPlainText ? text : SecureStrings.ToSecure(text);
    }
}
