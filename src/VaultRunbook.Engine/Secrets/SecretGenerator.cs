using System.Security.Cryptography;

namespace VaultRunbook.Engine.Secrets;

/// <summary>Cryptographically random values (RandomNumberGenerator, uniform over the alphabet, no modulo bias).</summary>
public static class SecretGenerator
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 4096;

    public static string Generate(int length, CharacterSet set)
    {
        if (length is < MinimumLength or > MaximumLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"A generated value must be {MinimumLength} to {MaximumLength} characters.");
        }

        return RandomNumberGenerator.GetString(Alphabet(set), length);
    }

    public static string Alphabet(CharacterSet set) => set switch
    {
        CharacterSet.AlphaNumeric => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
        CharacterSet.AlphaNumericSymbols => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~!#%^*+=",
        CharacterSet.Hex => "0123456789abcdef",
        _ => throw new ArgumentOutOfRangeException(nameof(set)),
    };
}
