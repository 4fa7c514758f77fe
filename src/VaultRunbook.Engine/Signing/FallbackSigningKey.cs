using System.Security.Cryptography;

namespace VaultRunbook.Engine.Signing;

/// <summary>
/// The fallback key file, opened: signs with the current private key and verifies with the current or a previous
/// public key. Holds the private key in memory only for as long as it is not disposed; nothing here prints it.
/// </summary>
public sealed class FallbackSigningKey : IDisposable
{
    private readonly ECDsa _current;

    internal FallbackSigningKey(string path, FallbackKeyDocument document, IReadOnlyList<string> warnings)
    {
        KeyPath = path;
        Document = document;
        Warnings = warnings;
        _current = ECDsa.Create();
        _current.ImportFromPem(document.PrivateKey);
    }

    public string KeyPath { get; }

    public string KeyId => Document.KeyId;

    public int Version => Document.Version;

    public DateTimeOffset CreatedAt => Document.CreatedAt;

    /// <summary>Warnings about the file (readable by others), never its content.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every public key, current first, for verification.</summary>
    public IReadOnlyList<FallbackPublicKey> PublicKeys =>
        [new FallbackPublicKey { Version = Document.Version, KeyId = Document.KeyId, CreatedAt = Document.CreatedAt, PublicKey = Document.PublicKey }, .. Document.Previous];

    internal FallbackKeyDocument Document { get; }

    public FallbackKeyInfo Info => FallbackKeyStore.Describe(KeyPath, Document);

    /// <summary>Signs a SHA-256 digest: fallback:v&lt;N&gt;:&lt;base64 DER&gt;.</summary>
    public string Sign(byte[] digest) =>
        SignatureText.Format(SigningMode.Fallback, Version, _current.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>Checks a DER signature of key version <paramref name="version"/> over <paramref name="digest"/>; null when that version is not in the file.</summary>
    public bool? Verify(int version, byte[] digest, byte[] der)
    {
        var key = PublicKeys.FirstOrDefault(k => k.Version == version);
        return key is null ? null : PublicKeyVerifier.Verify(key.PublicKey, digest, der);
    }

    public void Dispose() => _current.Dispose();
}
