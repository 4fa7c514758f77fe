using System.Text.Json;

namespace VaultRunbook.Sandbox.Core;

/// <summary>One version of a KV v2 secret. <see cref="Data"/> is null once the version is destroyed.</summary>
internal sealed record KvVersion(DateTime CreatedTime, DateTime? DeletionTime, bool Destroyed, JsonElement? Data)
{
    /// <summary>A deletion time in the past (a future one, from delete_version_after, is only scheduled).</summary>
    public bool IsDeleted(DateTime now) => DeletionTime is { } deleted && deleted <= now;
}
