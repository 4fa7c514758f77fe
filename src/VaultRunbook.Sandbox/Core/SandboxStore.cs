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

        try
        {
            SealFile? seal = JsonSerializer.Deserialize<SealFile>(File.ReadAllBytes(SealFilePath), Json);
            if (seal is null || seal.FormatVersion != 1 || seal.Type != VaultVersion.SealType
                || SealConfigRules.Validate(seal.SecretShares, seal.SecretThreshold) is not null
                || string.IsNullOrEmpty(seal.EncryptedBarrierKey))
            {
                throw new InvalidDataException($"The sandbox seal file '{SealFilePath}' is not valid.");
            }

            return seal;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The sandbox seal file '{SealFilePath}' cannot be read.", e);
        }
    }

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
        AtomicFile.Write(SealFilePath, JsonSerializer.SerializeToUtf8Bytes(seal, Json));
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

        byte[]? plaintext = BarrierCipher.TryDecrypt(barrierKey, File.ReadAllBytes(StateFilePath), StatePurpose);
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
}
