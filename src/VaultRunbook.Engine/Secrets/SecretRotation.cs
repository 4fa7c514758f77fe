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
}
