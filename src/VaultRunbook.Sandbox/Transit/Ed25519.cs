using System.Numerics;
using System.Security.Cryptography;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// PureEdDSA over edwards25519 (RFC 8032 §5.1), written out with BigInteger because .NET has no
/// Ed25519: what Go's crypto/ed25519 does for Vault's ed25519 keys. A 32-byte seed is the private
/// key; the public key is the 32-byte encoded point. Not constant-time: a test server's key only.
/// </summary>
internal static class Ed25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = 32;
    public const int SignatureSize = 64;

    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly BigInteger D = Mod(-121665 * Inverse(121666));
    private static readonly BigInteger SqrtMinusOne = BigInteger.ModPow(2, (P - 1) / 4, P);
    private static readonly Point Base = BasePoint();

    /// <summary>The public key of a 32-byte seed.</summary>
    public static byte[] PublicKey(ReadOnlySpan<byte> seed)
    {
        (BigInteger scalar, _) = Expand(seed);
        return Encode(Multiply(Base, scalar));
    }

    public static byte[] Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> message)
    {
        (BigInteger scalar, byte[] prefix) = Expand(seed);
        byte[] publicKey = Encode(Multiply(Base, scalar));
        BigInteger r = Mod(Little(SHA512.HashData([.. prefix, .. message])), L);
        byte[] encodedR = Encode(Multiply(Base, r));
        BigInteger h = Mod(Little(SHA512.HashData([.. encodedR, .. publicKey, .. message])), L);
        BigInteger s = Mod(r + (h * scalar), L);
        return [.. encodedR, .. ToLittle(s)];
    }

    /// <summary>Go's ed25519.Verify: false for a malformed key or signature, or a non-canonical S.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeySize || signature.Length != SignatureSize)
        {
            return false;
        }

        if (Decode(publicKey) is not { } a || Decode(signature[..32]) is not { } r)
        {
            return false;
        }

        BigInteger s = Little(signature[32..]);
        if (s >= L)
        {
            return false;
        }

        BigInteger h = Mod(Little(SHA512.HashData([.. signature[..32], .. publicKey, .. message])), L);
        return SamePoint(Multiply(Base, s), Add(r, Multiply(a, h)));
    }

    private static (BigInteger Scalar, byte[] Prefix) Expand(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != SeedSize)
        {
            throw new CryptographicException("An ed25519 seed is 32 bytes.");
        }

        byte[] hash = SHA512.HashData(seed);
        hash[0] &= 248;
        hash[31] &= 127;
        hash[31] |= 64;
        return (Little(hash.AsSpan(0, 32)), hash[32..]);
    }

    private static Point Add(Point p, Point q)
    {
        BigInteger a = Mod((p.Y - p.X) * (q.Y - q.X));
        BigInteger b = Mod((p.Y + p.X) * (q.Y + q.X));
        BigInteger c = Mod(2 * p.T * q.T * D);
        BigInteger d = Mod(2 * p.Z * q.Z);
        BigInteger e = b - a, f = d - c, g = d + c, h = b + a;
        return new Point(Mod(e * f), Mod(g * h), Mod(f * g), Mod(e * h));
    }

    private static Point Multiply(Point point, BigInteger scalar)
    {
        var result = new Point(0, 1, 1, 0);
        while (scalar > 0)
        {
            if (!scalar.IsEven)
            {
                result = Add(result, point);
            }

            point = Add(point, point);
            scalar >>= 1;
        }

        return result;
    }

    private static bool SamePoint(Point p, Point q) =>
        Mod((p.X * q.Z) - (q.X * p.Z)).IsZero && Mod((p.Y * q.Z) - (q.Y * p.Z)).IsZero;

    private static byte[] Encode(Point point)
    {
        BigInteger zInverse = Inverse(point.Z);
        BigInteger x = Mod(point.X * zInverse);
        BigInteger y = Mod(point.Y * zInverse);
        byte[] bytes = ToLittle(y);
        bytes[31] |= (byte)(x.IsEven ? 0 : 0x80);
        return bytes;
    }

    private static Point? Decode(ReadOnlySpan<byte> encoded)
    {
        byte[] copy = encoded.ToArray();
        bool sign = (copy[31] & 0x80) != 0;
        copy[31] &= 0x7f;
        BigInteger y = Little(copy);
        if (y >= P || RecoverX(y, sign) is not { } x)
        {
            return null;
        }

        return new Point(x, y, 1, Mod(x * y));
    }

    private static BigInteger? RecoverX(BigInteger y, bool sign)
    {
        BigInteger x2 = Mod(((y * y) - 1) * Inverse((D * y * y) + 1));
        if (x2.IsZero)
        {
            return sign ? null : BigInteger.Zero;
        }

        BigInteger x = BigInteger.ModPow(x2, (P + 3) / 8, P);
        if (!Mod((x * x) - x2).IsZero)
        {
            x = Mod(x * SqrtMinusOne);
        }

        if (!Mod((x * x) - x2).IsZero)
        {
            return null;
        }

        return x.IsEven == sign ? P - x : x;
    }

    private static Point BasePoint()
    {
        BigInteger y = Mod(4 * Inverse(5));
        BigInteger x = RecoverX(y, sign: false)!.Value;
        return new Point(x, y, 1, Mod(x * y));
    }

    private static BigInteger Mod(BigInteger value) => Mod(value, P);

    private static BigInteger Mod(BigInteger value, BigInteger modulus)
    {
        BigInteger rest = value % modulus;
        return rest.Sign < 0 ? rest + modulus : rest;
    }

    private static BigInteger Inverse(BigInteger value) => BigInteger.ModPow(Mod(value), P - 2, P);

    private static BigInteger Little(ReadOnlySpan<byte> bytes) => new(bytes, isUnsigned: true, isBigEndian: false);

    private static byte[] ToLittle(BigInteger value)
    {
        byte[] bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }

    private readonly record struct Point(BigInteger X, BigInteger Y, BigInteger Z, BigInteger T);
}
