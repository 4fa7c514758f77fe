using System.Collections.Specialized;
using System.Management.Automation;
using System.Text.Json.Nodes;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Reads a KV v2 secret, the current version or a given one. Values are SecureStrings unless -AsPlainText.</para>
/// <example><code>(Get-VaultSecret -Path app/db).Data.pg_password | ConvertFrom-SecureString -AsPlainText</code></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultSecret")]
[OutputType(typeof(VaultSecret))]
public sealed class GetVaultSecretCommand : KvCmdlet
{
    /// <summary>The secret's path inside the mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>A given version (default the current one).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? Version { get; set; }

    /// <summary>Output values as plain text. They then show wherever the object is printed.</summary>
    [Parameter]
    public SwitchParameter AsPlainText { get; set; }

    protected override void ProcessRecord()
    {
        var client = ClientFor(ResolveSettings(Address?.Address));
        foreach (var path in Path)
        {
            try
            {
                var secret = Run(ct => client.ReadSecretAsync(Mount, path, Version, ct));
                var data = new OrderedDictionary(StringComparer.Ordinal);
                foreach (var (name, value) in secret.Data)
                {
                    data[name] = Convert(value);
                }

                WriteObject(new VaultSecret(secret.Address, secret.Mount, secret.Path, secret.Version, secret.CreatedTime, data, AsPlainText));
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
