namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// A secret written by Set-VaultSecret: where, which version it made (KV v2; null on KV v1) and the NAMES of
/// the fields written. Mount + Path bind to the next step; it never holds a value.
/// </summary>
public sealed record SecretWrite
{
    public required string Mount { get; init; }

    public required string Path { get; init; }

    /// <summary>The version the write created (KV v2); null on a KV v1 mount, which keeps no versions.</summary>
    public int? Version { get; init; }

    /// <summary>The current version before the write, when it was known (KV v2).</summary>
    public int? PreviousVersion { get; init; }

    /// <summary>"Put" (the whole secret) or "Patch" (the named fields merged into the current version).</summary>
    public required string Operation { get; init; }

    public required IReadOnlyList<string> Fields { get; init; }

    public required DateTimeOffset WrittenAt { get; init; }

    public required string Address { get; init; }

    public string? Namespace { get; init; }

    /// <summary>True when the write's answer was lost and Vault was re-read to confirm it was stored.</summary>
    public bool Reconciled { get; init; }
}
