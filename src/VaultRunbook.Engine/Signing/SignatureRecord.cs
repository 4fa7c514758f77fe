namespace VaultRunbook.Engine.Signing;

/// <summary>
/// One signature made by Invoke-VaultSign: the signature string, which key and version made it, whether Vault or the
/// fallback key signed, how many attempts Vault got, when, and the SHA-256 of what was signed. Test-VaultSignature
/// binds Signature, KeyName and InputDigest by name.
/// </summary>
public sealed record SignatureRecord
{
    /// <summary>vault:v&lt;N&gt;:&lt;base64&gt; or fallback:v&lt;N&gt;:&lt;base64&gt;.</summary>
    public required string Signature { get; init; }

    /// <summary>The transit key asked for (also for a fallback signature, which is made in its place).</summary>
    public required string KeyName { get; init; }

    /// <summary>The transit key version, or the fallback key version for a fallback signature.</summary>
    public required int KeyVersion { get; init; }

    public required SigningMode SigningMode { get; init; }

    /// <summary>Attempts made at Vault (1 when the first one signed; 3 before a fallback after an outage).</summary>
    public required int Attempts { get; init; }

    public required DateTimeOffset SignedAt { get; init; }

    /// <summary>SHA-256 of the signed input, lowercase hex.</summary>
    public required string InputDigest { get; init; }

    /// <summary>The transit mount (transit by default).</summary>
    public required string Mount { get; init; }

    /// <summary>The Vault node asked.</summary>
    public required string Address { get; init; }

    /// <summary>For a fallback signature: the fallback key's id (a fingerprint of its public key).</summary>
    public string? FallbackKeyId { get; init; }

    /// <summary>For a fallback signature: why Vault did not sign (its last error), never a token.</summary>
    public string? FallbackReason { get; init; }

    public override string ToString() => Signature;
}
