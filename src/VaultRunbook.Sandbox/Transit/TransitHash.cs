using System.Security.Cryptography;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// A hash_algorithm of transit's sign and verify (keysutil.HashTypeMap): its name, digest size, the
/// hash function, and the DigestInfo prefix PKCS #1 v1.5 puts before the digest. "none" hashes
/// nothing and has no prefix (RSA pkcs1v15 of a prehashed input only).
/// </summary>
internal sealed record TransitHash(string Name, int Size, Func<byte[], byte[]>? Compute, byte[] DigestInfoPrefix)
{
    public const string Default = "sha2-256";

    /// <summary>Vault's names; sha3-224 is known to Vault but .NET has no SHA3-224 (see <see cref="Unserved"/>).</summary>
    private static readonly Dictionary<string, TransitHash> Known = new(StringComparer.Ordinal)
    {
        ["none"] = new("none", 0, null, []),
        ["sha1"] = new("sha1", 20, SHA1.HashData, Prefix([0x2b, 0x0e, 0x03, 0x02, 0x1a], 20)),
        ["sha2-224"] = new("sha2-224", 28, d => Sha224.HashData(d), Nist(4, 28)),
        ["sha2-256"] = new("sha2-256", 32, SHA256.HashData, Nist(1, 32)),
        ["sha2-384"] = new("sha2-384", 48, SHA384.HashData, Nist(2, 48)),
        ["sha2-512"] = new("sha2-512", 64, SHA512.HashData, Nist(3, 64)),
        ["sha3-256"] = new("sha3-256", 32, d => SHA3_256.HashData(d), Nist(8, 32)),
        ["sha3-384"] = new("sha3-384", 48, d => SHA3_384.HashData(d), Nist(9, 48)),
        ["sha3-512"] = new("sha3-512", 64, d => SHA3_512.HashData(d), Nist(10, 64)),
    };

    /// <summary>The algorithm Vault knows by <paramref name="name"/>, or null (Vault: invalid hash algorithm).</summary>
    public static TransitHash? Find(string name) => Known.GetValueOrDefault(name);

    /// <summary>A name Vault accepts that the sandbox cannot compute here (sha3-224; SHA-3 without OS support).</summary>
    public static bool Unserved(string name) =>
        name == "sha3-224" || (name.StartsWith("sha3-", StringComparison.Ordinal) && !SHA3_256.IsSupported);

    /// <summary>The digest of <paramref name="input"/> (the input itself for "none").</summary>
    public byte[] Hash(byte[] input) => Compute is null ? input : Compute(input);

    private static byte[] Nist(byte last, int size) => Prefix([0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, last], size);

    /// <summary>DER of DigestInfo { AlgorithmIdentifier { oid, NULL }, OCTET STRING (size bytes) } up to the digest.</summary>
    private static byte[] Prefix(byte[] oid, int size)
    {
        byte[] algorithm = [0x30, (byte)(oid.Length + 4), 0x06, (byte)oid.Length, .. oid, 0x05, 0x00];
        return [0x30, (byte)(algorithm.Length + 2 + size), .. algorithm, 0x04, (byte)size];
    }
}
