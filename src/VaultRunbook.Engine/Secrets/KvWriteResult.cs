namespace VaultRunbook.Engine.Secrets;

/// <summary>What a KV v2 write answered: the version it created.</summary>
public sealed record KvWriteResult(int Version, DateTimeOffset? CreatedTime);
