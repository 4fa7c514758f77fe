using System.Text.Json.Nodes;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// KV v2 deletes (vault-api-notes section 6): soft delete of the latest or given versions, undelete, destroy, and
/// deleting the metadata with every version. Each is idempotent in Vault (a second call changes nothing and
/// answers 204), so each is sent as a retryable request: a lost answer is simply asked again.
/// </summary>
public static class KvV2Versions
{
    /// <summary>`vault kv delete`: DELETE data/&lt;path&gt; (the latest version), or POST delete/&lt;path&gt; with versions.</summary>
    public static Task DeleteVersionsAsync(this IVaultClient client, KvLocation location, IReadOnlyList<int>? versions, CancellationToken cancellationToken) =>
        versions is { Count: > 0 }
            ? SendAsync(client, "POST", location, "delete", versions, cancellationToken)
            : SendAsync(client, "DELETE", location, "data", null, cancellationToken);

    /// <summary>`vault kv undelete -versions`: POST undelete/&lt;path&gt;.</summary>
    public static Task UndeleteVersionsAsync(this IVaultClient client, KvLocation location, IReadOnlyList<int> versions, CancellationToken cancellationToken) =>
        SendAsync(client, "POST", location, "undelete", versions, cancellationToken);

    /// <summary>`vault kv destroy -versions`: PUT destroy/&lt;path&gt;; the data is gone for good.</summary>
    public static Task DestroyVersionsAsync(this IVaultClient client, KvLocation location, IReadOnlyList<int> versions, CancellationToken cancellationToken) =>
        SendAsync(client, "PUT", location, "destroy", versions, cancellationToken);

    /// <summary>`vault kv metadata delete`: DELETE metadata/&lt;path&gt;, every version and the metadata.</summary>
    public static Task DeleteMetadataAsync(this IVaultClient client, KvLocation location, CancellationToken cancellationToken) =>
        SendAsync(client, "DELETE", location, "metadata", null, cancellationToken);

    private static Task SendAsync(IVaultClient client, string method, KvLocation location, string area, IReadOnlyList<int>? versions, CancellationToken cancellationToken)
    {
        location.RequireVersioned($"{area} of versions");
        JsonNode? body = versions is null
            ? null
            : new JsonObject { ["versions"] = new JsonArray(versions.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) };
        return client.SendAsync(
            new VaultRequest { Method = method, Path = $"{location.Mount}/{area}/{location.Path}", Body = body, Idempotent = true },
            cancellationToken);
    }
}
