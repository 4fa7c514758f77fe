namespace VaultRunbook.Sandbox.Crypto;

/// <summary>
/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8+x^4+x^3+x+1 (0x11B),
/// the field Vault's Shamir implementation works in. Addition (and subtraction) is XOR.
/// </summary>
internal static class GaloisField
{
    private const int ReductionPolynomial = 0x11B;

    public static byte Add(byte a, byte b) => (byte)(a ^ b);

    /// <summary>Shift-and-add multiplication; a carry out of bit 7 is reduced by 0x11B.</summary>
    public static byte Multiply(byte a, byte b)
    {
        int product = 0;
        int multiplicand = a;
        for (int multiplier = b; multiplier != 0; multiplier >>= 1)
        {
            if ((multiplier & 1) != 0)
            {
                product ^= multiplicand;
            }

            multiplicand <<= 1;
            if ((multiplicand & 0x100) != 0)
            {
                multiplicand ^= ReductionPolynomial;
            }
        }

        return (byte)product;
    }

    /// <summary>The multiplicative inverse, computed as a^254 (a^255 = 1 for every non-zero a).</summary>
    public static byte Inverse(byte a)
    {
        if (a == 0)
        {
            throw new DivideByZeroException("0 has no inverse in GF(2^8).");
        }

        byte result = 1;
        byte power = a;
        for (int exponent = 254; exponent != 0; exponent >>= 1)
        {
            if ((exponent & 1) != 0)
            {
                result = Multiply(result, power);
            }

            power = Multiply(power, power);
        }

        return result;
    }

    public static byte Divide(byte a, byte b) => Multiply(a, Inverse(b));
}
