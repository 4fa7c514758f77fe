using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.RootToken;

/// <summary>
/// A node's root-token generation attempt (sys/generate-root/attempt and update, vault-api-notes section 4.1). The
/// OTP (only in the answer that started the attempt) and the encoded token (only in the answer that completed it)
/// are held as <see cref="SensitiveString"/>s, so no text rendering shows them.
/// </summary>
public sealed record RootTokenGenerationStatus
{
    public required string Address { get; init; }

    /// <summary>The attempt's nonce; empty when no attempt is running.</summary>
    public string Nonce { get; init; } = string.Empty;

    public bool Started { get; init; }

    /// <summary>Key shares accepted so far in this attempt.</summary>
    public int Progress { get; init; }

    /// <summary>Key shares needed (the unseal threshold).</summary>
    public int Required { get; init; }

    /// <summary>True in the answer that completed the attempt; the attempt is then over.</summary>
    public bool Complete { get; init; }

    /// <summary>The OTP length the node expects (28 with hvs. tokens; 0 in update answers).</summary>
    public int OtpLength { get; init; }

    public string PgpFingerprint { get; init; } = string.Empty;

    /// <summary>The OTP the node made when this answer started the attempt; null otherwise.</summary>
    public SensitiveString? Otp { get; init; }

    /// <summary>The new root token XORed with the OTP (raw base64), in the answer that completed the attempt.</summary>
    public SensitiveString? EncodedToken { get; init; }

    public override string ToString() =>
        Started || Complete ? $"{Address}: {Progress}/{Required}{(Complete ? " complete" : string.Empty)}" : $"{Address}: no root token generation";
}
