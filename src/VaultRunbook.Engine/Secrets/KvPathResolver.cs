using System.Net;
using System.Text.Json;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// Turns the path forms operators type into a <see cref="KvLocation"/>, finding the mount as `vault kv` does
/// (GET sys/internal/ui/mounts/&lt;path&gt;):
/// <list type="bullet">
/// <item>an explicit mount and a path inside it (<c>-Mount secret -Path app/db</c>), taken literally;</item>
/// <item>a CLI path whose first segments name the mount (<c>secret/app/db</c>);</item>
/// <item>the API form on a KV v2 mount (<c>secret/data/app/db</c>), which could also name a secret called
/// <c>data/app/db</c>: read as the API form, with <see cref="KvLocation.Ambiguity"/> saying so;</item>
/// <item>a path under no mount the token can see (<c>app/db</c>): the module's default mount <c>secret</c>, as the
/// module has always read such paths; <see cref="KvLocation.Note"/> says so (the first segment may be a mount the
/// token's policies hide).</item>
/// </list>
/// Each mount is looked up once per resolver (one resolver per connection per invocation). Vault never nests
/// mounts, so a path under a mount already found needs no new lookup; a folder found under no mount is
/// remembered too: a sibling can only be served by a mount at its own path, which would name a mount and no secret
/// (such a sibling then goes to the default mount instead of being refused).
/// </summary>
public sealed class KvPathResolver
{
    public const string DefaultMount = "secret";

    private readonly IVaultClient _client;
    private readonly List<KvMount> _mounts = new();
    private readonly HashSet<string> _unmountedFolders = new(StringComparer.Ordinal);

    public KvPathResolver(IVaultClient client)
    {
        _client = client;
    }

    /// <summary>Preflight requests sent so far.</summary>
    public int Lookups { get; private set; }

    public async Task<KvLocation> ResolveAsync(string? mount, string path, CancellationToken cancellationToken)
    {
        var clean = Clean(path);
        if (mount is not null)
        {
            var given = Clean(mount);
            var full = Join(given, clean);
            var found = await MountForAsync(full, cancellationToken).ConfigureAwait(false)
                ?? throw MountNotFound(full, $"no mount '{given}/' that the token can see");
            return Locate(full, found, path);
        }

        if (clean.Length == 0)
        {
            throw InvalidPath(path, "it is empty");
        }

        var serving = await MountForAsync(clean, cancellationToken).ConfigureAwait(false);
        if (serving is not null)
        {
            var location = Locate(clean, serving, path);
            foreach (var prefix in new[] { "data/", "metadata/" })
            {
                if (location.Versioned && location.Path.StartsWith(prefix, StringComparison.Ordinal) && location.Path.Length > prefix.Length)
                {
                    var inner = location.Path[prefix.Length..];
                    return location with
                    {
                        Path = inner,
                        Ambiguity = $"'{clean}' is read as the KV v2 API form: mount '{serving.Path}', path '{inner}'. For a secret named '{location.Path}', use -Mount {serving.Name} -Path {location.Path}.",
                    };
                }
            }

            return location;
        }

        var fallback = Join(DefaultMount, clean);
        var defaultMount = await MountForAsync(fallback, cancellationToken).ConfigureAwait(false)
            ?? throw MountNotFound(clean, $"no mount serves '{clean}' and the default mount '{DefaultMount}/' is not visible either");
        var first = clean.Split('/', 2)[0];
        return Locate(fallback, defaultMount, path) with
        {
            Note = $"'{first}/' is not a mount the token can see, so '{clean}' is read in the default mount: mount '{defaultMount.Path}', path '{clean}'. Put the mount in the path ({defaultMount.Name}/{clean}) or give -Mount to say which.",
        };
    }

    private static KvLocation Locate(string full, KvMount mount, string given)
    {
        var inner = full.Length > mount.Path.Length ? full[mount.Path.Length..].Trim('/') : string.Empty;
        if (inner.Length == 0)
        {
            throw InvalidPath(given, $"it names the mount '{mount.Path}' itself, not a secret in it");
        }

        return new KvLocation(mount.Name, inner, mount.Version);
    }

    private async Task<KvMount?> MountForAsync(string full, CancellationToken cancellationToken)
    {
        var probe = full + "/";
        var known = _mounts.FirstOrDefault(m => probe.StartsWith(m.Path, StringComparison.Ordinal));
        if (known is not null)
        {
            return known;
        }

        var folder = full.Contains('/') ? full[..full.LastIndexOf('/')] : string.Empty;
        if (_unmountedFolders.Contains(folder))
        {
            return null;
        }

        VaultResponse response;
        try
        {
            Lookups++;
            response = await PreflightAsync(_client, full, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden && ex.Mentions("preflight capability check"))
        {
            // Vault answers the same 403 for "no such mount" and "a mount you may not see", so mounts cannot be probed.
            _unmountedFolders.Add(folder);
            return null;
        }

        var mount = Parse(response, full);
        _mounts.Add(mount);
        return mount;
    }

    /// <summary>GET sys/internal/ui/mounts/&lt;path&gt;, the CLI's preflight; a 404 is an answer (very old servers).</summary>
    internal static Task<VaultResponse> PreflightAsync(IVaultClient client, string full, CancellationToken cancellationToken) =>
        client.SendAsync(
            new VaultRequest { Method = "GET", Path = $"sys/internal/ui/mounts/{full}", Idempotent = true, AcceptedStatusCodes = KvV2Api.NotFoundIsAnAnswer },
            cancellationToken);

    /// <summary>The preflight's answer; a 404 (very old servers, no preflight) means KV v1, mounted at the first segment.</summary>
    internal static KvMount Parse(VaultResponse response, string full)
    {
        var firstSegment = full.Split('/', 2)[0] + "/";
        if (response.StatusCode == HttpStatusCode.NotFound || response.Body is not { ValueKind: JsonValueKind.Object } body
            || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return new KvMount(firstSegment, "kv", 1);
        }

        var version = data.TryGetProperty("options", out var options) && options.ValueKind == JsonValueKind.Object
            && options.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == "2" ? 2 : 1;
        var path = JsonFields.String(data, "path") is { Length: > 0 } p ? (p.EndsWith('/') ? p : p + "/") : firstSegment;
        return new KvMount(path, JsonFields.String(data, "type") ?? "kv", version);
    }

    private static string Clean(string path) => string.Join('/', path.Split('/', StringSplitOptions.RemoveEmptyEntries));

    private static string Join(string mount, string path) => path.Length == 0 ? mount : mount.Length == 0 ? path : $"{mount}/{path}";

    private static KvException MountNotFound(string path, string why) => new(
        "VaultRunbook.Secret.MountNotFound",
        ErrorKind.ObjectNotFound,
        $"Cannot tell which mount holds '{path}': {why} (Vault answers 403 to the mount lookup both for a missing mount and for one the token's policies do not reach).",
        path);

    private static KvException InvalidPath(string path, string why) => new(
        "VaultRunbook.Secret.InvalidPath",
        ErrorKind.InvalidArgument,
        $"'{path}' is not a secret path: {why}.",
        path);
}
