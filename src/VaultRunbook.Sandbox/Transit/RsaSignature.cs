using System.Numerics;
using System.Security.Cryptography;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// RSA signatures as Go's crypto/rsa makes them for Vault (RFC 8017 §8-9), written out because .NET
/// signs PSS only with a salt as long as the hash, while Vault's default salt_length "auto" means
/// the longest salt when signing and any salt length when verifying. PKCS #1 v1.5 with hash
/// "none" (no DigestInfo) is written out for the same reason.
/// </summary>
internal static class RsaSignature
{
    /// <summary>Go's rsa.PSSSaltLengthAuto.</summary>
    public const int SaltAuto = 0;

    /// <summary>Go's rsa.PSSSaltLengthEqualsHash.</summary>
    public const int SaltEqualsHash = -1;

    /// <summary>The longest salt a PSS signature of this key and hash can hold (keysutil's maxRSAPSSSaltLength).</summary>
    public static int MaxSaltLength(int modulusBits, int hashSize) => ((modulusBits - 1 + 7) / 8) - 2 - hashSize;

    public static byte[] SignPkcs1(RSAParameters key, TransitHash hash, byte[] digest)
    {
        int k = key.Modulus!.Length;
        return Private(key, Pkcs1Encode(k, hash, digest) ?? throw new CryptographicException("crypto/rsa: input must be hashed message"));
    }

    public static bool VerifyPkcs1(RSAParameters key, TransitHash hash, byte[] digest, byte[] signature)
    {
        int k = key.Modulus!.Length;
        return signature.Length == k && Pkcs1Encode(k, hash, digest) is { } expected
            && Public(key, signature) is { } em && CryptographicOperations.FixedTimeEquals(em, expected);
    }

    /// <summary>A PSS signature; <paramref name="saltLength"/> is a length, <see cref="SaltAuto"/> (the longest) or <see cref="SaltEqualsHash"/>.</summary>
    public static byte[] SignPss(RSAParameters key, TransitHash hash, byte[] digest, int saltLength)
    {
        if (digest.Length != hash.Size)
        {
            throw new CryptographicException("crypto/rsa: input must be hashed with given hash");
        }

        int modulusBits = Bits(key);
        int emBits = modulusBits - 1;
        int emLength = (emBits + 7) / 8;
        int sLen = saltLength switch
        {
            SaltAuto => MaxSaltLength(modulusBits, hash.Size),
            SaltEqualsHash => hash.Size,
            _ => saltLength,
        };
        if (emLength < hash.Size + sLen + 2)
        {
            throw new CryptographicException("crypto/rsa: key size too small for PSS signature");
        }

        byte[] salt = RandomNumberGenerator.GetBytes(sLen);
        byte[] h = hash.Hash([.. new byte[8], .. digest, .. salt]);
        byte[] db = new byte[emLength - hash.Size - 1];
        db[emLength - sLen - hash.Size - 2] = 0x01;
        salt.CopyTo(db, db.Length - sLen);
        Xor(db, Mgf1(hash, h, db.Length));
        db[0] &= (byte)(0xff >> ((8 * emLength) - emBits));
        byte[] em = [.. db, .. h, 0xbc];
        return Private(key, em);
    }

    public static bool VerifyPss(RSAParameters key, TransitHash hash, byte[] digest, byte[] signature, int saltLength)
    {
        int k = key.Modulus!.Length;
        int emBits = Bits(key) - 1;
        int emLength = (emBits + 7) / 8;
        if (signature.Length != k || digest.Length != hash.Size || Public(key, signature) is not { } full)
        {
            return false;
        }

        // The encoded message is the low emLength bytes; anything above must be zero.
        if (full.AsSpan(0, k - emLength).ContainsAnyExcept((byte)0))
        {
            return false;
        }

        byte[] em = full[(k - emLength)..];
        if (emLength < hash.Size + 2 || em[^1] != 0xbc)
        {
            return false;
        }

        byte[] db = em[..(emLength - hash.Size - 1)];
        byte[] h = em[(emLength - hash.Size - 1)..^1];
        byte topMask = (byte)(0xff >> ((8 * emLength) - emBits));
        if ((db[0] & ~topMask) != 0)
        {
            return false;
        }

        Xor(db, Mgf1(hash, h, db.Length));
        db[0] &= topMask;
        int one = Array.FindIndex(db, b => b != 0);
        if (one < 0 || db[one] != 0x01)
        {
            return false;
        }

        int sLen = db.Length - one - 1;
        int expected = saltLength == SaltEqualsHash ? hash.Size : saltLength;
        if (saltLength != SaltAuto && sLen != expected)
        {
            return false;
        }

        byte[] salt = db[(one + 1)..];
        return CryptographicOperations.FixedTimeEquals(h, hash.Hash([.. new byte[8], .. digest, .. salt]));
    }

    public static int Bits(RSAParameters key) => (int)new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true).GetBitLength();

    private static byte[]? Pkcs1Encode(int k, TransitHash hash, byte[] digest)
    {
        if (hash.Compute is not null && digest.Length != hash.Size)
        {
            return null;
        }

        int tLength = hash.DigestInfoPrefix.Length + digest.Length;
        if (k < tLength + 11)
        {
            return null;
        }

        byte[] em = new byte[k];
        em[1] = 0x01;
        em.AsSpan(2, k - tLength - 3).Fill(0xff);
        hash.DigestInfoPrefix.CopyTo(em, k - tLength);
        digest.CopyTo(em, k - digest.Length);
        return em;
    }

    private static byte[] Mgf1(TransitHash hash, byte[] seed, int length)
    {
        var mask = new List<byte>(length + hash.Size);
        for (uint counter = 0; mask.Count < length; counter++)
        {
            byte[] c = [(byte)(counter >> 24), (byte)(counter >> 16), (byte)(counter >> 8), (byte)counter];
            mask.AddRange(hash.Hash([.. seed, .. c]));
        }

        return [.. mask.Take(length)];
    }

    private static void Xor(byte[] target, byte[] mask)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] ^= mask[i];
        }
    }

    /// <summary>m^d mod n by the Chinese remainder theorem, as k big-endian bytes.</summary>
    private static byte[] Private(RSAParameters key, byte[] encoded)
    {
        BigInteger m = Unsigned(encoded);
        BigInteger p = Unsigned(key.P!), q = Unsigned(key.Q!);
        BigInteger m1 = BigInteger.ModPow(m, Unsigned(key.DP!), p);
        BigInteger m2 = BigInteger.ModPow(m, Unsigned(key.DQ!), q);
        BigInteger h = (Unsigned(key.InverseQ!) * (m1 - m2)) % p;
        if (h.Sign < 0)
        {
            h += p;
        }

        BigInteger s = m2 + (h * q);
        return Fixed(s, key.Modulus!.Length);
    }

    /// <summary>s^e mod n as k bytes; null when s is not below n.</summary>
    private static byte[]? Public(RSAParameters key, byte[] signature)
    {
        BigInteger n = Unsigned(key.Modulus!);
        BigInteger s = Unsigned(signature);
        return s >= n ? null : Fixed(BigInteger.ModPow(s, Unsigned(key.Exponent!), n), key.Modulus!.Length);
    }

    private static BigInteger Unsigned(byte[] bytes) => new(bytes, isUnsigned: true, isBigEndian: true);

    private static byte[] Fixed(BigInteger value, int length)
    {
        byte[] bytes = new byte[length];
        int written = value.GetByteCount(isUnsigned: true);
        value.TryWriteBytes(bytes.AsSpan(length - written), out _, isUnsigned: true, isBigEndian: true);
        return bytes;
    }
}
