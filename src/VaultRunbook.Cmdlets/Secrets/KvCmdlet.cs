using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// The parameters every KV cmdlet shares: the mount and the node, both bindable by property name, and the CLI's
/// way of finding a path's mount, done once per mount per invocation.
/// </summary>
public abstract class KvCmdlet : VaultCmdlet
{
    private readonly Dictionary<string, KvPathResolver> _resolvers = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The KV mount, v1 or v2; -Path is then inside it. Without it -Path names its mount as in the Vault CLI
    /// (secret/app/db, or the API form secret/data/app/db), and a path under no mount is looked up in the mount secret.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string? Mount { get; set; }

    /// <summary>The node. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>
    /// Finds the mount and the path inside it, as `vault kv` does (sys/internal/ui/mounts), says which mount in
    /// -Verbose and warns when the path could be read two ways. A failure is this item's error; null is returned.
    /// </summary>
    protected KvLocation? Locate(VaultConnectionSettings settings, string? mount, string path)
    {
        var key = $"{settings.AddressText}|{settings.Namespace}";
        if (!_resolvers.TryGetValue(key, out var resolver))
        {
            resolver = new KvPathResolver(ClientFor(settings));
            _resolvers[key] = resolver;
        }

        try
        {
            var location = Run(ct => resolver.ResolveAsync(mount, path, ct));
            if (location.Ambiguity is { } ambiguity)
            {
                WriteWarningOnce(ambiguity);
            }

            if (location.Note is { } note)
            {
                WriteVerbose(note);
            }

            WriteVerbose($"Using {location.Description}.");
            return location;
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex);
            return null;
        }
    }
}
