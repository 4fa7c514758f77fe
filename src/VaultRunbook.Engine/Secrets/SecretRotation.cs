namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// A rotation (or a rollback) that happened: which secret, from which version to which, and the NAMES of the
/// fields that changed. Mount + Path bind to the next step; it never holds a value.
/// </summary>
public sealed record SecretRotation
{
    public required string Mount { get; init; }

    public required string Path { get; init; }

    public required int PreviousVersion { get; init; }

    public required int NewVersion { get; init; }

    public required IReadOnlyList<string> RotatedFields { get; init; }

    public required DateTimeOffset RotatedAt { get; init; }

    public required string Address { get; init; }

    public string? Namespace { get; init; }

    /// <summary>Set for a rollback: the old version whose data was written again as <see cref="NewVersion"/>.</summary>
    public int? RestoredFromVersion { get; init; }

    /// <summary>True when the write's answer was lost and Vault was re-read to confirm the new version holds the new values.</summary>
    public bool Reconciled { get; init; }

    /// <summary>False when Vault accepted the write but its metadata could not be re-read afterwards to confirm current_version.</summary>
    public bool Verified { get; init; } = true;
}
