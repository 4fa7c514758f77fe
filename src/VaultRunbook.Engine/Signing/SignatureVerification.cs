namespace VaultRunbook.Engine.Signing;

/// <summary>How a signature was checked.</summary>
public enum VerificationMethod
{
    /// <summary>Vault's transit verify endpoint answered.</summary>
    Transit,

    /// <summary>Locally, with the transit key's public key (Vault could not be reached).</summary>
    TransitPublicKey,

    /// <summary>Locally, with a public key of the fallback key file (current or previous).</summary>
    FallbackKey,

    /// <summary>Not checked: the signature is not in a known form.</summary>
    None,
}

/// <summary>The outcome of Test-VaultSignature: Valid, and when not, why. A tampered input is Valid=false, not an error.</summary>
public sealed record SignatureVerification
{
    public required bool Valid { get; init; }

    /// <summary>Why the signature is not valid (or how it was checked when it is).</summary>
    public required string Reason { get; init; }

    public required string Signature { get; init; }

    public string? KeyName { get; init; }

    public int? KeyVersion { get; init; }

    public SigningMode? SigningMode { get; init; }

    public required VerificationMethod Method { get; init; }

    /// <summary>SHA-256 of the input checked, lowercase hex.</summary>
    public required string InputDigest { get; init; }

    public override string ToString() => $"{(Valid ? "valid" : "NOT valid")}: {Reason}";
}
