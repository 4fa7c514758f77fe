using System.Security.Cryptography;
using System.Text.Json;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Signing;

/// <summary>
/// Creates, rotates and opens the fallback key file (<see cref="FallbackKeyDocument"/> describes the format). Writes
/// are atomic and owner-only; creating refuses to replace a key unless forced; opening a file others can read gives
/// a warning. Error ids: VaultRunbook.Signing.FallbackKeyExists, VaultRunbook.Signing.FallbackKeyInvalid and
/// VaultRunbook.Signing.FallbackKey{NotFound,IsDirectory,Unreadable}.
/// </summary>
public sealed class FallbackKeyStore
{
    /// <summary>The environment variable naming the default key file.</summary>
    public const string PathVariable = "VAULT_RUNBOOK_FALLBACK_KEY";

    private const string ErrorPrefix = "VaultRunbook.Signing.FallbackKey";
    private const string What = "the fallback signing key file";

    // Relaxed escaping: the PEM's base64 is written as it is (the default encoder writes '+' as \u002B), so the file reads
    // as documented and `jq -r .private_key` or a text search finds the key's own characters.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TimeProvider _clock;

    public FallbackKeyStore(TimeProvider? clock = null) => _clock = clock ?? TimeProvider.System;

    /// <summary>VAULT_RUNBOOK_FALLBACK_KEY, else vault-fallback.json in the per-user VaultRunbook folder.</summary>
    public static string DefaultPath(Func<string, string?> environment) =>
        environment(PathVariable) is { Length: > 0 } fromVariable ? fromVariable : ConfigFolder.File("vault-fallback.json");

    /// <summary>Creates a new key file with version 1 (or replaces one, with <paramref name="force"/>).</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.FallbackKeyExists.</exception>
    public FallbackKeyInfo Create(string path, bool force)
    {
        FileChecks.NotADirectory(path, ErrorPrefix, What);
        if (File.Exists(path) && !force)
        {
            throw new SigningException(ErrorPrefix + "Exists", ErrorKind.ResourceExists, $"The fallback signing key file '{path}' already exists; it was left as it is. Use -Force to replace it (signatures of the old key will no longer verify), or Update-FallbackSigningKey to rotate it and keep its public key.", path);
        }

        var document = NewKey(1, []);
        Write(path, document);
        return Describe(path, document);
    }

    /// <summary>Rotates: a new current key with the next version; the old public key joins the previous ones.</summary>
    public FallbackKeyInfo Rotate(string path)
    {
        var old = Read(path);
        var retired = new FallbackPublicKey { Version = old.Version, KeyId = old.KeyId, CreatedAt = old.CreatedAt, RetiredAt = _clock.GetUtcNow(), PublicKey = old.PublicKey };
        var document = NewKey(old.Version + 1, [retired, .. old.Previous]);
        Write(path, document);
        return Describe(path, document);
    }

    /// <summary>Opens the key file for signing and verification; a file others can read gives a warning.</summary>
    public FallbackSigningKey Open(string path)
    {
        var document = Read(path);
        var warnings = FilePermissions.IsReadableByOthers(path)
            ? new[] { $"The fallback signing key file '{path}' can be read by other users; restrict it with chmod 600 (or rotate the key if it may have been copied)." }
            : [];
        try
        {
            return new FallbackSigningKey(path, document, warnings);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw Invalid(path, "its private_key is not a PEM PKCS#8 ECDSA private key", ex);
        }
    }

    private FallbackKeyDocument Read(string path)
    {
        FileChecks.CheckReadable(path, ErrorPrefix, What);
        FallbackKeyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<FallbackKeyDocument>(File.ReadAllText(path), Json);
        }
        catch (JsonException ex)
        {
            // The parser's message may quote the file's text, which holds the private key: name the position only.
            throw Invalid(path, $"it is not valid JSON (line {ex.LineNumber + 1})", null);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw FileChecks.Unreadable(path, ErrorPrefix, What, ex);
        }

        if (document is null || document.Format != FallbackKeyDocument.CurrentFormat)
        {
            throw Invalid(path, $"its format is not {FallbackKeyDocument.CurrentFormat}", null);
        }

        if (document.Algorithm != FallbackKeyDocument.Ecdsa || document.Version < 1)
        {
            throw Invalid(path, $"it must hold an {FallbackKeyDocument.Ecdsa} key with a version of at least 1", null);
        }

        return document;
    }

    private FallbackKeyDocument NewKey(int version, IReadOnlyList<FallbackPublicKey> previous)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicDer = key.ExportSubjectPublicKeyInfo();
        return new FallbackKeyDocument
        {
            KeyId = "fb-" + Convert.ToHexString(SHA256.HashData(publicDer), 0, 8).ToLowerInvariant(),
            Version = version,
            CreatedAt = _clock.GetUtcNow(),
            PrivateKey = key.ExportPkcs8PrivateKeyPem(),
            PublicKey = key.ExportSubjectPublicKeyInfoPem(),
            Previous = previous,
        };
    }

    private static void Write(string path, FallbackKeyDocument document)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FilePermissions.WriteAllTextAtomic(path, JsonSerializer.Serialize(document, Json), ownerOnly: true);
    }

    internal static FallbackKeyInfo Describe(string path, FallbackKeyDocument document) => new()
    {
        KeyPath = path,
        KeyId = document.KeyId,
        Version = document.Version,
        CreatedAt = document.CreatedAt,
        PublicKey = document.PublicKey,
        PreviousVersions = document.Previous.Select(p => p.Version).ToArray(),
    };

    private static SigningException Invalid(string path, string problem, Exception? inner) =>
        new(ErrorPrefix + "Invalid", ErrorKind.InvalidData, $"The fallback signing key file '{path}' cannot be used: {problem}. Create one with New-FallbackSigningKey.", path, inner);
}
