using System.Text.Json;
using VaultRunbook.Sandbox.Crypto;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The files under DataPath: seal.json (seal configuration + barrier key encrypted under the
/// unseal key) and state.bin (the <see cref="SandboxState"/> encrypted under the barrier key).
/// Every write is atomic and owner-only.
/// </summary>
internal sealed class SandboxStore(string dataPath)
{
    private const string BarrierKeyPurpose = "vault-sandbox/barrier-key";
    private const string StatePurpose = "vault-sandbox/state";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public string DataPath { get; } = dataPath;

    public string SealFilePath => Path.Combine(DataPath, "seal.json");

    public string StateFilePath => Path.Combine(DataPath, "state.bin");

    public bool HasState => File.Exists(SealFilePath);

    /// <summary>Null when the folder holds no initialised server.</summary>
    public SealFile? ReadSealFile()
    {
        if (!HasState)
        {
            return null;
        }

        return ParseSealFile(File.ReadAllBytes(SealFilePath), $"The sandbox seal file '{SealFilePath}'");
    }

    /// <summary>A seal file's bytes (also carried inside a raft snapshot) as a validated <see cref="SealFile"/>.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid seal file; the message starts with <paramref name="source"/>.</exception>
    public static SealFile ParseSealFile(byte[] bytes, string source)
    {
        try
        {
            SealFile? seal = JsonSerializer.Deserialize<SealFile>(bytes, Json);
            if (seal is null || seal.FormatVersion != 1 || seal.Type != VaultVersion.SealType
                || SealConfigRules.Validate(seal.SecretShares, seal.SecretThreshold) is not null
                || string.IsNullOrEmpty(seal.EncryptedBarrierKey))
            {
                throw new InvalidDataException($"{source} is not valid.");
            }

            return seal;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source} cannot be read.", e);
        }
    }

    /// <summary>The bytes of a seal file, as written to seal.json.</summary>
    public static byte[] SerializeSealFile(SealFile seal) => JsonSerializer.SerializeToUtf8Bytes(seal, Json);

    /// <summary>Writes a freshly initialised server: the state first, then the seal file that marks it initialised.</summary>
    public SealFile WriteInitial(int shares, int threshold, ReadOnlySpan<byte> unsealKey, ReadOnlySpan<byte> barrierKey, SandboxState state)
    {
        WriteState(barrierKey, state);
        var seal = new SealFile(
            FormatVersion: 1,
            Type: VaultVersion.SealType,
            SecretShares: shares,
            SecretThreshold: threshold,
            EncryptedBarrierKey: Convert.ToBase64String(BarrierCipher.Encrypt(unsealKey, barrierKey, BarrierKeyPurpose)));
        AtomicFile.Write(SealFilePath, SerializeSealFile(seal));
        return seal;
    }

    /// <summary>The barrier key, or null when <paramref name="unsealKey"/> is not the right key.</summary>
    public static byte[]? TryOpenBarrierKey(SealFile seal, ReadOnlySpan<byte> unsealKey)
    {
        byte[] blob = Convert.FromBase64String(seal.EncryptedBarrierKey);
        return BarrierCipher.TryDecrypt(unsealKey, blob, BarrierKeyPurpose);
    }

    public SandboxState? TryReadState(ReadOnlySpan<byte> barrierKey)
    {
        if (!File.Exists(StateFilePath))
        {
            return null;
        }

        return TryOpenState(barrierKey, File.ReadAllBytes(StateFilePath));
    }

    /// <summary>The state.bin blob as stored (encrypted under the barrier key), or null when there is none.</summary>
    public byte[]? ReadEncryptedState() => File.Exists(StateFilePath) ? File.ReadAllBytes(StateFilePath) : null;

    /// <summary>Decrypts a state.bin blob; null when the key is not the one that sealed it or the blob was altered.</summary>
    public static SandboxState? TryOpenState(ReadOnlySpan<byte> barrierKey, byte[] encryptedState)
    {
        byte[]? plaintext = BarrierCipher.TryDecrypt(barrierKey, encryptedState, StatePurpose);
        if (plaintext is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SandboxState>(plaintext, Json);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    public void WriteState(ReadOnlySpan<byte> barrierKey, SandboxState state)
    {
        byte[] plaintext = JsonSerializer.SerializeToUtf8Bytes(state, Json);
        try
        {
            AtomicFile.Write(StateFilePath, BarrierCipher.Encrypt(barrierKey, plaintext, StatePurpose));
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    /// <summary>
    /// Replaces both files with a restored snapshot's (raft snapshot-force from another cluster): the state
    /// first, then the seal file, each atomically.
    /// </summary>
    public void WriteRestored(SealFile seal, ReadOnlySpan<byte> encryptedState)
    {
        AtomicFile.Write(StateFilePath, encryptedState);
        AtomicFile.Write(SealFilePath, SerializeSealFile(seal));
    }
}
