namespace VaultRunbook.Engine.Aws;

/// <summary>
/// Why a Vault under AWS KMS auto-unseal stays sealed (or that it does not): the key's state (DescribeKey), an
/// Encrypt/Decrypt round trip of a random blob with the caller's role, the node's seal status, and a verdict with
/// the runbook's next step.
/// </summary>
public sealed record AutoUnsealDiagnosis
{
    /// <summary>The Vault node asked; null when its seal status was not read.</summary>
    public string? Address { get; init; }

    public required string KeyId { get; init; }

    public string? KeyArn { get; init; }

    /// <summary>KMS KeyState: Enabled, Disabled, PendingDeletion...; null when DescribeKey failed.</summary>
    public string? KeyState { get; init; }

    public bool? KeyEnabled { get; init; }

    public DateTimeOffset? DeletionDate { get; init; }

    /// <summary>Passed, Failed or Skipped.</summary>
    public required string RoundTrip { get; init; }

    /// <summary>The AWS error code that stopped the check (AccessDeniedException, DisabledException...), if any.</summary>
    public string? AwsErrorCode { get; init; }

    /// <summary>The KMS operation that failed (DescribeKey, Encrypt, Decrypt), if any.</summary>
    public string? FailedOperation { get; init; }

    /// <summary>The node's seal type (awskms, shamir...), null when unknown.</summary>
    public string? SealType { get; init; }

    public bool? Sealed { get; init; }

    public bool? RecoverySeal { get; init; }

    /// <summary>Why the seal status could not be read, when it could not.</summary>
    public string? SealStatusError { get; init; }

    /// <summary>Healthy, KmsReachableVaultSealed, KeyDisabled, KeyPendingDeletion, KeyUnavailable, AccessDenied, KeyNotFound, KmsThrottled, KmsUnreachable, KmsError or NotAutoUnseal.</summary>
    public required string Verdict { get; init; }

    /// <summary>The runbook's next step for this verdict.</summary>
    public required string NextStep { get; init; }

    /// <summary>The service's message for the failure, if any (never key material).</summary>
    public string? Detail { get; init; }
}
