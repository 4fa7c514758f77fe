using System.Security.Cryptography;

namespace VaultRunbook.Sandbox.Crypto;

/// <summary>
/// Shamir's secret sharing over GF(2^8) in Vault's share format: every share is the secret's
/// length plus one byte, the y values first and the x coordinate as the LAST byte. The x values
/// are distinct, non-zero, taken from a random shuffle of 1..255.
/// </summary>
internal static class Shamir
{
    /// <summary>Bytes a share carries beyond the secret (the x coordinate).</summary>
    public const int ShareOverhead = 1;

    public static byte[][] Split(ReadOnlySpan<byte> secret, int parts, int threshold)
    {
        if (parts < threshold)
        {
            throw new ShamirException("parts cannot be less than threshold");
        }

        if (parts > 255)
        {
            throw new ShamirException("parts cannot exceed 255");
        }

        if (threshold < 2)
        {
            throw new ShamirException("threshold must be at least 2");
        }

        if (threshold > 255)
        {
            throw new ShamirException("threshold cannot exceed 255");
        }

        if (secret.IsEmpty)
        {
            throw new ShamirException("cannot split an empty secret");
        }

        byte[] xCoordinates = RandomXCoordinates(parts);
        var shares = new byte[parts][];
        for (int i = 0; i < parts; i++)
        {
            shares[i] = new byte[secret.Length + ShareOverhead];
            shares[i][secret.Length] = xCoordinates[i];
        }

        // One random polynomial of degree threshold-1 per secret byte, constant term = that byte.
        var coefficients = new byte[threshold];
        for (int index = 0; index < secret.Length; index++)
        {
            coefficients[0] = secret[index];
            RandomNumberGenerator.Fill(coefficients.AsSpan(1));
            for (int i = 0; i < parts; i++)
            {
                shares[i][index] = Evaluate(coefficients, xCoordinates[i]);
            }
        }

        CryptographicOperations.ZeroMemory(coefficients);
        return shares;
    }

    /// <summary>
    /// Lagrange interpolation at x = 0. Combining the wrong shares (or too few) does NOT fail:
    /// it silently yields a wrong secret, as in Vault.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<byte[]> parts)
    {
        if (parts.Count < 2)
        {
            throw new ShamirException("less than two parts cannot be used to reconstruct the secret");
        }

        int length = parts[0].Length;
        if (length < 2)
        {
            throw new ShamirException("parts must be at least two bytes");
        }

        foreach (byte[] part in parts)
        {
            if (part.Length != length)
            {
                throw new ShamirException("all parts must be the same length");
            }
        }

        var xs = new byte[parts.Count];
        for (int i = 0; i < parts.Count; i++)
        {
            xs[i] = parts[i][length - 1];
            for (int j = 0; j < i; j++)
            {
                if (xs[j] == xs[i])
                {
                    throw new ShamirException("duplicate part detected");
                }
            }
        }

        var secret = new byte[length - 1];
        for (int index = 0; index < secret.Length; index++)
        {
            byte value = 0;
            for (int i = 0; i < parts.Count; i++)
            {
                byte basis = 1;
                for (int j = 0; j < parts.Count; j++)
                {
                    if (i != j)
                    {
                        // In GF(2^8), 0 - x_j = x_j and x_i - x_j = x_i XOR x_j.
                        basis = GaloisField.Multiply(basis, GaloisField.Divide(xs[j], GaloisField.Add(xs[i], xs[j])));
                    }
                }

                value = GaloisField.Add(value, GaloisField.Multiply(parts[i][index], basis));
            }

            secret[index] = value;
        }

        return secret;
    }

    /// <summary>Horner's rule: ((c_n x + c_{n-1}) x + ...) x + c_0.</summary>
    internal static byte Evaluate(ReadOnlySpan<byte> coefficients, byte x)
    {
        byte result = 0;
        for (int i = coefficients.Length - 1; i >= 0; i--)
        {
            result = GaloisField.Add(GaloisField.Multiply(result, x), coefficients[i]);
        }

        return result;
    }

    private static byte[] RandomXCoordinates(int count)
    {
        var all = new byte[255];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (byte)(i + 1);
        }

        for (int i = all.Length - 1; i > 0; i--)
        {
            int j = RandomNumberGenerator.GetInt32(i + 1);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..count];
    }
}
