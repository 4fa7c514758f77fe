namespace VaultRunbook.Sandbox.Core;

/// <summary>Vault's GenerateRootStatusResponse (vault-api-notes §4.1); the endpoint writes it in Vault's field order.</summary>
internal sealed record RootGenerationStatus(
    string Nonce,
    bool Started,
    int Progress,
    int Required,
    bool Complete,
    string EncodedToken,
    string Otp,
    int OtpLength);
