namespace VaultRunbook.FakeAws;

/// <summary>A symmetric key the fake KMS holds: its state, and who may use it.</summary>
public sealed class FakeKmsKey
{
    public required string KeyId { get; init; }

    public string? Alias { get; init; }

    /// <summary>Enabled, Disabled, PendingDeletion (KMS's KeyState values).</summary>
    public string KeyState { get; set; } = "Enabled";

    public DateTimeOffset? DeletionDate { get; set; }

    public DateTimeOffset CreationDate { get; init; } = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    /// <summary>The operations the caller's role may not perform (AccessDeniedException), e.g. "Decrypt".</summary>
    public HashSet<string> DeniedOperations { get; } = new(StringComparer.Ordinal);

    internal byte[] Material { get; } = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);

    public string Arn => $"arn:aws:kms:{FakeCredentials.Region}:123456789012:key/{KeyId}";
}
