using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The on-disk format of a namespace configuration backup (version 1). A backup is a folder:
/// <list type="bullet">
/// <item><c>backup.json</c>: the manifest: <c>format</c> ("vaultrunbook.k8s-config-backup/v1"), <c>namespace</c>, <c>server</c>,
/// <c>createdAt</c>, <c>keyCheck</c> (the first 8 bytes, hex, of HMAC-SHA256(key, format + " key check"), so a wrong key is
/// told from a tampered file; null when no key was given), <c>items</c> (kind, name, file, encrypted, sha256 of the
/// file) and <c>mac</c> (with a key: HMAC-SHA256 of the manifest's fields, see <see cref="Mac"/>).</item>
/// <item><c>configmap-NAME.yaml</c>: one ConfigMap, plain YAML that <c>kubectl apply -f</c> takes.</item>
/// <item><c>secret-NAME.sealed.yaml</c>: one Secret, sealed: a YAML map with <c>format</c>
/// ("vaultrunbook.k8s-sealed-secret/v1"), <c>kind</c>, <c>namespace</c>, <c>name</c>, <c>nonce</c> (12 random bytes, base64),
/// <c>tag</c> (16 bytes, base64) and <c>ciphertext</c> (base64): AES-256-GCM of the Secret's YAML, with the associated
/// data "FORMAT\nSecret\nNAMESPACE\nNAME", so a changed name or namespace fails the check as a changed byte does.</item>
/// </list>
/// Server-managed fields are stripped from every object before it is written.
/// </summary>
internal static partial class ConfigBackupFormat
{
    public const string Format = "vaultrunbook.k8s-config-backup/v1";
    public const string SealedFormat = "vaultrunbook.k8s-sealed-secret/v1";
    public const string ManifestFile = "backup.json";
    public const string Invalid = "VaultRunbook.K8s.BackupInvalid";
    public const string Tampered = "VaultRunbook.K8s.BackupTampered";
    public const string WrongKey = "VaultRunbook.K8s.BackupWrongKey";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static string FileName(string kind, string name) =>
        kind == "Secret" ? $"secret-{name}.sealed.yaml" : $"configmap-{name}.yaml";

    /// <summary>A Kubernetes object name (DNS subdomain): it also names a file, so nothing else is accepted.</summary>
    public static bool IsObjectName(string? name) => name is { Length: > 0 and <= 253 } && ObjectName().IsMatch(name);

    public static byte[] Seal(BackupKey key, string ns, string name, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var tag = new byte[16];
        var ciphertext = new byte[plaintext.Length];
        using (var aes = new AesGcm(key.Bytes, 16))
        {
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(ns, name));
        }

        var text = new StringBuilder()
            .Append("# A Kubernetes Secret sealed by VaultRunbook's Backup-K8sNamespaceConfig (AES-256-GCM); restore it with Restore-K8sNamespaceConfig and the same key.\n")
            .Append(CultureInfo.InvariantCulture, $"format: {SealedFormat}\n")
            .Append("kind: Secret\n")
            .Append(CultureInfo.InvariantCulture, $"namespace: {ns}\n")
            .Append(CultureInfo.InvariantCulture, $"name: {name}\n")
            .Append(CultureInfo.InvariantCulture, $"nonce: {Convert.ToBase64String(nonce)}\n")
            .Append(CultureInfo.InvariantCulture, $"tag: {Convert.ToBase64String(tag)}\n")
            .Append(CultureInfo.InvariantCulture, $"ciphertext: {Convert.ToBase64String(ciphertext)}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Opens a sealed Secret file; the plaintext is the Secret's YAML.</summary>
    /// <exception cref="KubeException">BackupInvalid (not this format), BackupTampered (the check failed).</exception>
    public static byte[] Open(BackupKey key, string file, byte[] content, string expectedName)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || !fields.TryAdd(line[..colon], line[(colon + 2)..].Trim()))
            {
                throw Broken(file, "a line is not one 'field: value' pair");
            }
        }

        if (fields.GetValueOrDefault("format") != SealedFormat || fields.GetValueOrDefault("kind") != "Secret")
        {
            throw Broken(file, $"it is not a sealed Secret of format {SealedFormat}");
        }

        var ns = fields.GetValueOrDefault("namespace");
        var name = fields.GetValueOrDefault("name");
        if (!IsObjectName(ns) || name != expectedName)
        {
            throw Tamper(file, "its name or namespace is not the one the manifest lists");
        }

        byte[] nonce, tag, ciphertext;
        try
        {
            nonce = Convert.FromBase64String(fields.GetValueOrDefault("nonce") ?? string.Empty);
            tag = Convert.FromBase64String(fields.GetValueOrDefault("tag") ?? string.Empty);
            ciphertext = Convert.FromBase64String(fields.GetValueOrDefault("ciphertext") ?? string.Empty);
        }
        catch (FormatException)
        {
            throw Tamper(file, "its nonce, tag or ciphertext is not base64");
        }

        if (nonce.Length != 12 || tag.Length != 16)
        {
            throw Tamper(file, "its nonce or tag has the wrong length");
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key.Bytes, 16);
            aes.Decrypt(nonce, ciphertext, tag, plaintext, AssociatedData(ns!, name));
            return plaintext;
        }
        catch (CryptographicException)
        {
            CryptographicOperations.ZeroMemory(plaintext);
            throw Tamper(file, "its authentication tag does not match (the file, its name or its namespace was changed)");
        }
    }

    public static byte[] ManifestBytes(Manifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Json);

    /// <summary>
    /// The manifest's MAC when a key was given: HMAC-SHA256(key) over its fields (format, namespace, keyCheck, and each
    /// item's kind, name, file, encrypted flag (True or False) and sha256, tab-separated, one line each), hex. With it, a ConfigMap file changed along
    /// with its hash, or a Secret dropped from the list, is detected as well.
    /// </summary>
    public static string Mac(BackupKey key, Manifest manifest)
    {
        var text = new StringBuilder().Append(manifest.Format).Append('\n').Append(manifest.Namespace).Append('\n').Append(manifest.KeyCheck).Append('\n');
        foreach (var item in manifest.Items ?? [])
        {
            text.Append(CultureInfo.InvariantCulture, $"{item.Kind}\t{item.Name}\t{item.File}\t{item.Encrypted}\t{item.Sha256}\n");
        }

        return Convert.ToHexString(HMACSHA256.HashData(key.Bytes, Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }

    /// <exception cref="KubeException">BackupInvalid.</exception>
    public static Manifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestFile);
        FileChecks.CheckReadable(path, "VaultRunbook.K8s.BackupManifest", "the backup manifest");
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            throw Broken(path, $"it is not valid JSON (line {ex.LineNumber + 1})");
        }

        if (manifest?.Format != Format || !IsObjectName(manifest.Namespace) || manifest.Items is null)
        {
            throw Broken(path, $"it is not a manifest of format {Format}");
        }

        foreach (var item in manifest.Items)
        {
            if (item.Kind is not ("ConfigMap" or "Secret") || !IsObjectName(item.Name) || item.File != FileName(item.Kind, item.Name) || item.Encrypted != (item.Kind == "Secret"))
            {
                throw Broken(path, $"its item '{item.Kind} {item.Name}' is not one this format writes");
            }
        }

        return manifest;
    }

    public static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    public static KubeException Tamper(string file, string why) =>
        new(Tampered, ErrorKind.InvalidData, $"The backup file '{file}' was changed or damaged: {why}. Nothing was restored.") { Target = file };

    private static KubeException Broken(string file, string why) =>
        new(Invalid, ErrorKind.InvalidData, $"The backup file '{file}' cannot be read: {why}. Nothing was restored.") { Target = file };

    private static byte[] AssociatedData(string ns, string name) => Encoding.UTF8.GetBytes($"{SealedFormat}\nSecret\n{ns}\n{name}");

    [GeneratedRegex("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex ObjectName();

    /// <summary>backup.json.</summary>
    internal sealed record Manifest
    {
        public string? Format { get; init; }

        public string? Namespace { get; init; }

        public string? Server { get; init; }

        public DateTimeOffset CreatedAt { get; init; }

        public string? KeyCheck { get; init; }

        public List<ManifestItem>? Items { get; init; }

        public string? Mac { get; init; }
    }

    internal sealed record ManifestItem
    {
        public required string Kind { get; init; }

        public required string Name { get; init; }

        public required string File { get; init; }

        public bool Encrypted { get; init; }

        public required string Sha256 { get; init; }
    }
}
