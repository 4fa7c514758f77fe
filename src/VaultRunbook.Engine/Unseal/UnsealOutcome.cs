using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Unseal;

/// <summary>How unsealing one node went: its seal status after, how many shares were sent, what went wrong.</summary>
public sealed record UnsealOutcome(
    VaultSealStatus Status,
    int SharesSubmitted,
    IReadOnlyList<UnsealProblem> Problems,
    IReadOnlyList<string> Warnings);
