namespace VaultRunbook.Engine.Secrets;

/// <summary>One version of a KV v2 secret, from its metadata.</summary>
public sealed record KvVersionInfo(int Version, DateTimeOffset? CreatedTime, DateTimeOffset? DeletionTime, bool Destroyed)
{
    /// <summary>Soft-deleted: deletion_time is set and has passed.</summary>
    public bool Deleted => DeletionTime is { } when && when <= DateTimeOffset.UtcNow;

    public bool Readable => !Deleted && !Destroyed;
}
