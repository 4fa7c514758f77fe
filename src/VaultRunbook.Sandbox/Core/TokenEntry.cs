namespace VaultRunbook.Sandbox.Core;

/// <summary>A token the sandbox knows (today only the root token).</summary>
internal sealed record TokenEntry(
    string Id,
    string Accessor,
    IReadOnlyList<string> Policies,
    string Path,
    string DisplayName,
    long CreationTime);
