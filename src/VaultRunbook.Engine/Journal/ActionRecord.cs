using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Journal;

/// <summary>
/// One action the module took on a Vault node that Vault itself does not audit (unseal, seal): who, what, where,
/// when and the outcome. It never holds key material or tokens.
/// </summary>
public sealed record ActionRecord
{
    /// <summary>When the action ended, in UTC.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Unseal, UnsealReset, Seal, StepDown, RevokeToken, NewAppRoleSecretId, RevokeAppRoleSecretId, RaftSnapshotSave,
    /// RaftSnapshotRestore, Sign, InitializeTransit, NewFallbackSigningKey, UpdateFallbackSigningKey, EnableFallbackSigning or
    /// DisableFallbackSigning.</summary>
    public required string Action { get; init; }

    public required string Address { get; init; }

    /// <summary>Unsealed, Sealed, InProgress (still sealed, shares pending), TookOver, NoTakeover, Rejected, Failed; for raft snapshots Saved, Restored or RestoredSealed.</summary>
    public required string Outcome { get; init; }

    /// <summary>The operating-system account that ran it.</summary>
    public required string User { get; init; }

    /// <summary>
    /// When it ran through sudo: the account that ran sudo (SUDO_USER), which is who an incident review asks
    /// for when <see cref="User"/> is root or a shared service account. Null otherwise.
    /// </summary>
    public string? SudoUser { get; init; }

    public required string Machine { get; init; }

    public int ProcessId { get; init; }

    /// <summary>
    /// What the action was about, by name only: a token's display name and accessor, a revoked prefix, an AppRole
    /// secret-id's accessor. Never a token, secret-id or key.
    /// </summary>
    public string? Subject { get; init; }

    /// <summary>The node's seal state after the action, when known.</summary>
    public bool? Sealed { get; init; }

    public int? Progress { get; init; }

    public int? Threshold { get; init; }

    /// <summary>For an unseal: how many shares this action submitted (the shares themselves are never recorded).</summary>
    public int? SharesSubmitted { get; init; }

    /// <summary>For a rejection or failure: the ErrorRecord's id, and its message.</summary>
    public string? ErrorId { get; init; }

    public string? Message { get; init; }

    /// <summary>For a signature (Action Sign): Vault or Fallback, the key version, and the SHA-256 of what was signed.</summary>
    public string? SigningMode { get; init; }

    public int? KeyVersion { get; init; }

    public string? InputDigest { get; init; }

    /// <summary>The journal file it was read from, and its line there (set when read back).</summary>
    public string? File { get; init; }

    public long LineNumber { get; init; }

    /// <summary>This record with the node's seal state after the action.</summary>
    public ActionRecord After(VaultSealStatus status) => this with { Sealed = status.Sealed, Progress = status.Progress, Threshold = status.Threshold };

    /// <summary>A record of the current user (and the sudo caller, if any), machine and process, timed now.</summary>
    public static ActionRecord Now(string action, string address, string outcome) =>
        Now(action, address, outcome, Environment.GetEnvironmentVariable);

    internal static ActionRecord Now(string action, string address, string outcome, Func<string, string?> environment) => new()
    {
        Time = DateTimeOffset.UtcNow,
        Action = action,
        Address = address,
        Outcome = outcome,
        User = Environment.UserName,
        SudoUser = environment("SUDO_USER") is { Length: > 0 } caller && caller != Environment.UserName ? caller : null,
        Machine = Environment.MachineName,
        ProcessId = Environment.ProcessId,
    };
}
