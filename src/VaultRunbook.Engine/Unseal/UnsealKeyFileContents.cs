namespace VaultRunbook.Engine.Unseal;

/// <summary>The shares read from a key file, and any warning about the file itself.</summary>
public sealed record UnsealKeyFileContents(IReadOnlyList<UnsealKeyShare> Shares, IReadOnlyList<string> Warnings);
