using System.Security.Cryptography;
using VaultRunbook.Sandbox.Crypto;

namespace VaultRunbook.Sandbox.Tests;

public sealed class ShamirTests
{
    [Theory]
    [InlineData(0x57, 0x83, 0xC1)] // FIPS-197 §4.2 worked example
    [InlineData(0x57, 0x13, 0xFE)] // FIPS-197 §4.2.1
    [InlineData(0x57, 0x02, 0xAE)]
    [InlineData(0x57, 0x04, 0x47)]
    [InlineData(0x57, 0x08, 0x8E)]
    [InlineData(0x57, 0x10, 0x07)]
    [InlineData(0x00, 0xFF, 0x00)]
    [InlineData(0x01, 0xAB, 0xAB)]
    public void Multiply_matches_the_FIPS197_vectors(int a, int b, int product)
    {
        Assert.Equal((byte)product, GaloisField.Multiply((byte)a, (byte)b));
        Assert.Equal((byte)product, GaloisField.Multiply((byte)b, (byte)a));
    }

    [Fact]
    public void Inverse_of_0x53_is_0xCA_and_every_inverse_multiplies_back_to_one()
    {
        Assert.Equal(0xCA, GaloisField.Inverse(0x53)); // the AES S-box derivation example
        for (int a = 1; a < 256; a++)
        {
            Assert.Equal(1, GaloisField.Multiply((byte)a, GaloisField.Inverse((byte)a)));
        }
    }

    [Fact]
    public void Combine_known_two_share_vector()
    {
        // P(x) = 0x2A + 0x01·x  ⇒  P(1) = 0x2B, P(2) = 0x28 (addition is XOR). Shares: y then x.
        byte[] secret = Shamir.Combine([[0x2B, 0x01], [0x28, 0x02]]);
        Assert.Equal(new byte[] { 0x2A }, secret);
    }

    [Fact]
    public void Combine_known_three_share_vector()
    {
        // P(x) = 0x10 + 0x02·x + 0x03·x²: P(1) = 0x10^0x02^0x03 = 0x11;
        // P(2) = 0x10 ^ 0x04 ^ 0x03·0x04(=0x0C) = 0x18; P(3) = 0x10 ^ 0x06 ^ 0x03·0x05(=0x0F) = 0x19.
        Assert.Equal(0x0C, GaloisField.Multiply(0x03, 0x04));
        Assert.Equal(0x0F, GaloisField.Multiply(0x03, 0x05));
        byte[] secret = Shamir.Combine([[0x11, 0x01], [0x18, 0x02], [0x19, 0x03]]);
        Assert.Equal(new byte[] { 0x10 }, secret);
        Assert.Equal(0x19, Shamir.Evaluate([0x10, 0x02, 0x03], 0x03));
    }

    [Fact]
    public void Split_three_of_five_has_Vaults_share_format()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[][] shares = Shamir.Split(secret, 5, 3);

        Assert.Equal(5, shares.Length);
        Assert.All(shares, s => Assert.Equal(33, s.Length));
        byte[] xs = shares.Select(s => s[^1]).ToArray();
        Assert.DoesNotContain((byte)0, xs);
        Assert.Equal(5, xs.Distinct().Count());
    }

    [Fact]
    public void Every_three_subset_of_five_shares_recovers_the_secret()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[][] shares = Shamir.Split(secret, 5, 3);
        int subsets = 0;
        for (int a = 0; a < 5; a++)
        {
            for (int b = a + 1; b < 5; b++)
            {
                for (int c = b + 1; c < 5; c++)
                {
                    Assert.Equal(secret, Shamir.Combine([shares[a], shares[b], shares[c]]));
                    Assert.Equal(secret, Shamir.Combine([shares[c], shares[a], shares[b]]));
                    subsets++;
                }
            }
        }

        Assert.Equal(10, subsets);
        Assert.Equal(secret, Shamir.Combine(shares)); // more than the threshold works too
    }

    [Fact]
    public void Two_shares_of_a_three_threshold_silently_give_a_wrong_key()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[][] shares = Shamir.Split(secret, 5, 3);

        byte[] wrong = Shamir.Combine([shares[0], shares[1]]);

        Assert.Equal(32, wrong.Length);
        Assert.NotEqual(secret, wrong);
    }

    [Fact]
    public void Shares_from_another_split_give_a_wrong_key()
    {
        byte[] secret = RandomNumberGenerator.GetBytes(32);
        byte[][] mine = Shamir.Split(secret, 5, 3);
        byte[][] theirs = Shamir.Split(RandomNumberGenerator.GetBytes(32), 5, 3);
        byte[] foreign = theirs.First(t => mine.Take(2).All(m => m[^1] != t[^1]));

        Assert.NotEqual(secret, Shamir.Combine([mine[0], mine[1], foreign]));
    }

    [Theory]
    [InlineData(2, 3, "parts cannot be less than threshold")]
    [InlineData(256, 3, "parts cannot exceed 255")]
    [InlineData(3, 1, "threshold must be at least 2")]
    public void Split_rejects_bad_parameters(int parts, int threshold, string message)
    {
        var e = Assert.Throws<ShamirException>(() => Shamir.Split(new byte[32], parts, threshold));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Combine_rejects_what_Vault_rejects()
    {
        byte[][] shares = Shamir.Split(new byte[32], 3, 2);
        Assert.Equal("less than two parts cannot be used to reconstruct the secret", Assert.Throws<ShamirException>(() => Shamir.Combine([shares[0]])).Message);
        Assert.Equal("all parts must be the same length", Assert.Throws<ShamirException>(() => Shamir.Combine([shares[0], shares[1][..32]])).Message);
        byte[] sameX = (byte[])shares[1].Clone();
        sameX[^1] = shares[0][^1];
        Assert.Equal("duplicate part detected", Assert.Throws<ShamirException>(() => Shamir.Combine([shares[0], sameX])).Message);
        Assert.Equal("parts must be at least two bytes", Assert.Throws<ShamirException>(() => Shamir.Combine([[1], [2]])).Message);
    }
}
