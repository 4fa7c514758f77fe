using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>KV v2 over Vault's HTTP API (vault-api-notes section 6), and the CLI's v1/v2 preflight.</summary>
public static class KvV2Api
{
    /// <summary>A 404 is an answer to read (absent, deleted), not an error to throw.</summary>
    internal static readonly IReadOnlySet<int> NotFoundIsAnAnswer = new HashSet<int> { 404 };

    /// <summary>
    /// Which mount holds <paramref name="mount"/>/<paramref name="path"/> and whether it is KV v2, as `vault kv`
    /// decides it: GET sys/internal/ui/mounts/&lt;path&gt;; a 404 (very old servers) means v1.
    /// </summary>
    public static async Task<KvMount> GetMountAsync(this IVaultClient client, string mount, string path, CancellationToken cancellationToken)
    {
        var full = Join(mount, path);
        var response = await KvPathResolver.PreflightAsync(client, full, cancellationToken).ConfigureAwait(false);
        return KvPathResolver.Parse(response, full);
    }

    /// <summary>Reads the latest version, or <paramref name="version"/>. A deleted or destroyed version is a typed error.</summary>
    public static async Task<KvSecret> ReadSecretAsync(this IVaultClient client, string mount, string path, int? version, CancellationToken cancellationToken)
    {
        var request = new VaultRequest
        {
            Method = "GET",
            Path = $"{mount.Trim('/')}/data/{path.Trim('/')}",
            Query = version is { } v ? new Dictionary<string, string> { ["version"] = v.ToString(System.Globalization.CultureInfo.InvariantCulture) } : null,
            Idempotent = true,
            AcceptedStatusCodes = NotFoundIsAnAnswer,
        };
        var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var target = $"{mount.Trim('/')}/{path.Trim('/')}";
        var data = response.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
        var metadata = data is { } dd && dd.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : (JsonElement?)null;

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            // A deleted or destroyed version answers 404 with the envelope and its metadata; an absent one with errors[].
            if (metadata is { } meta)
            {
                var destroyed = JsonFields.Bool(meta, "destroyed") == true;
                var number = JsonFields.Int64(meta, "version");
                throw new KvException(
                    destroyed ? "VaultRunbook.Secret.VersionDestroyed" : "VaultRunbook.Secret.VersionDeleted",
                    ErrorKind.ObjectNotFound,
                    $"Version {number} of {target} is {(destroyed ? "destroyed" : "deleted")}; its data cannot be read{(destroyed ? "" : " until it is undeleted")}.",
                    target);
            }

            throw new KvException(
                "VaultRunbook.Secret.NotFound",
                ErrorKind.ObjectNotFound,
                version is null ? $"There is no secret at {target}." : $"{target} has no version {version}.",
                target);
        }

        if (data is not { } payload || metadata is not { } md || !payload.TryGetProperty("data", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            throw new VaultInvalidResponseException(response.Address, request.Path, (int)response.StatusCode, "JSON without data.data and data.metadata");
        }

        return new KvSecret(
            response.Address,
            mount.Trim('/'),
            path.Trim('/'),
            (int)(JsonFields.Int64(md, "version") ?? 0),
            VaultTime.Parse(JsonFields.String(md, "created_time")),
            (JsonObject)JsonNode.Parse(values.GetRawText())!);
    }

    public static async Task<KvMetadata> ReadMetadataAsync(this IVaultClient client, string mount, string path, CancellationToken cancellationToken)
    {
        var target = $"{mount.Trim('/')}/{path.Trim('/')}";
        VaultResponse response;
        try
        {
            response = await client.SendAsync(VaultRequest.Get($"{mount.Trim('/')}/metadata/{path.Trim('/')}"), cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new KvException("VaultRunbook.Secret.NotFound", ErrorKind.ObjectNotFound, $"There is no secret at {target}.", target, ex);
        }

        if (response.Body is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new VaultInvalidResponseException(response.Address, $"{mount}/metadata/{path}", (int)response.StatusCode, "JSON without data");
        }

        var versions = new List<KvVersionInfo>();
        if (data.TryGetProperty("versions", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in map.EnumerateObject())
            {
                if (int.TryParse(entry.Name, out var number) && entry.Value.ValueKind == JsonValueKind.Object)
                {
                    versions.Add(new KvVersionInfo(
                        number,
                        VaultTime.Parse(JsonFields.String(entry.Value, "created_time")),
                        VaultTime.Parse(JsonFields.String(entry.Value, "deletion_time")),
                        JsonFields.Bool(entry.Value, "destroyed") == true));
                }
            }
        }

        var custom = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.TryGetProperty("custom_metadata", out var cm) && cm.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in cm.EnumerateObject())
            {
                custom[entry.Name] = entry.Value.ValueKind == JsonValueKind.String ? entry.Value.GetString()! : entry.Value.GetRawText();
            }
        }

        return new KvMetadata
        {
            Address = response.Address,
            Namespace = client.Settings.Namespace,
            Mount = mount.Trim('/'),
            Path = path.Trim('/'),
            CurrentVersion = (int)(JsonFields.Int64(data, "current_version") ?? 0),
            OldestVersion = (int)(JsonFields.Int64(data, "oldest_version") ?? 0),
            MaxVersions = (int)(JsonFields.Int64(data, "max_versions") ?? 0),
            CasRequired = JsonFields.Bool(data, "cas_required") ?? false,
            DeleteVersionAfter = JsonFields.String(data, "delete_version_after"),
            CreatedTime = VaultTime.Parse(JsonFields.String(data, "created_time")),
            UpdatedTime = VaultTime.Parse(JsonFields.String(data, "updated_time")),
            CustomMetadata = custom,
            Versions = versions.OrderBy(v => v.Version).ToArray(),
        };
    }

    /// <summary>
    /// Writes a new version with check-and-set: <paramref name="cas"/> must equal the current version (0: only if
    /// the secret does not exist). A lost race is <c>VaultRunbook.Secret.CasMismatch</c>, never a silent overwrite.
    /// </summary>
    public static Task<KvWriteResult> WriteSecretAsync(this IVaultClient client, string mount, string path, JsonObject data, int? cas, CancellationToken cancellationToken) =>
        SendWriteAsync(client, "POST", mount, path, data, cas, cancellationToken);

    /// <summary>
    /// `vault kv patch`: PATCH data/&lt;path&gt; as a JSON merge patch (a null value removes the field); a new version
    /// holding the current data with the patch applied. A missing secret, or a deleted or destroyed current version, is
    /// a typed error.
    /// </summary>
    public static Task<KvWriteResult> PatchSecretAsync(this IVaultClient client, string mount, string path, JsonObject patch, int? cas, CancellationToken cancellationToken) =>
        SendWriteAsync(client, "PATCH", mount, path, patch, cas, cancellationToken);

    private static async Task<KvWriteResult> SendWriteAsync(IVaultClient client, string method, string mount, string path, JsonObject data, int? cas, CancellationToken cancellationToken)
    {
        var target = $"{mount.Trim('/')}/{path.Trim('/')}";
        var body = new JsonObject { ["data"] = data.DeepClone(), ["options"] = cas is { } c ? new JsonObject { ["cas"] = c } : new JsonObject() };
        VaultResponse response;
        try
        {
            response = await client.SendAsync(new VaultRequest { Method = method, Path = $"{mount.Trim('/')}/data/{path.Trim('/')}", Body = body }, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && ex.Mentions("check-and-set parameter did not match"))
        {
            throw new KvException(
                "VaultRunbook.Secret.CasMismatch",
                ErrorKind.InvalidOperation,
                $"{target} changed since version {cas} was read (check-and-set did not match): another writer got there first. Nothing was written; read it again and retry.",
                target,
                ex);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && ex.Mentions("check-and-set parameter required"))
        {
            throw new KvException("VaultRunbook.Secret.CasRequired", ErrorKind.InvalidOperation, $"{target} requires check-and-set writes (-Cas).", target, ex);
        }
        catch (VaultApiException ex) when (method == "PATCH" && ex.StatusCode == HttpStatusCode.NotFound)
        {
            // 404 with no body: no such secret; 404 with the version's metadata: the current version is deleted or destroyed.
            throw new KvException(
                "VaultRunbook.Secret.NotFound",
                ErrorKind.ObjectNotFound,
                $"There is no readable current version of {target} to patch (it does not exist, or its current version is deleted or destroyed). Nothing was written.",
                target,
                ex);
        }

        var result = response.Body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : (JsonElement?)null;
        if (result is not { } written || JsonFields.Int64(written, "version") is not { } version)
        {
            throw new VaultInvalidResponseException(response.Address, $"{mount}/data/{path}", (int)response.StatusCode, "JSON without data.version");
        }

        return new KvWriteResult((int)version, VaultTime.Parse(JsonFields.String(written, "created_time")));
    }

    private static string Join(string mount, string path) => $"{mount.Trim('/')}/{path.Trim('/')}".TrimEnd('/');
}
