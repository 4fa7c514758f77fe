using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.RootToken;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>The action journal's names and records for root token generation: the nonce and progress, never a share, OTP or token.</summary>
internal static class RootTokenActions
{
    public const string Start = "RootTokenGenerationStart";
    public const string Update = "RootTokenGenerationUpdate";
    public const string Cancel = "RootTokenGenerationCancel";

    public static ActionRecord Record(string action, RootTokenGenerationStatus status, string outcome, string? nonce = null) =>
        ActionRecord.Now(action, status.Address, outcome) with
        {
            Progress = status.Progress,
            Threshold = status.Required,
            Message = (nonce ?? status.Nonce) is { Length: > 0 } n ? $"nonce {n}" : null,
        };
}
