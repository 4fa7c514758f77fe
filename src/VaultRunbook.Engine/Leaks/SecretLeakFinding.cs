namespace VaultRunbook.Engine.Leaks;

/// <summary>
/// A token-looking value found by Find-RunbookSecretLeak: the file, the line number (from 1), the kind and a masked
/// preview (the first four characters and "***"). The value itself is never held.
/// </summary>
public sealed record SecretLeakFinding
{
    public required string File { get; init; }

    public required int Line { get; init; }

    public required string Kind { get; init; }

    /// <summary>The first four characters of the value and "***".</summary>
    public required string Preview { get; init; }

    public override string ToString() => $"{File}:{Line}: {Kind} {Preview}";
}
