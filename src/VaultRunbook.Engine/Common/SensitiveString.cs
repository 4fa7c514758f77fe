namespace VaultRunbook.Engine.Common;

/// <summary>
/// A secret held in memory (a token, an unseal key share). ToString never shows it, so it cannot leak
/// through formatting, logging or an exception message; only <see cref="Reveal"/> gives the value.
/// </summary>
public sealed class SensitiveString : IEquatable<SensitiveString>
{
    private const string Mask = "********";
    private readonly string _value;

    public SensitiveString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    public int Length => _value.Length;

    public string Reveal() => _value;

    public override string ToString() => Mask;

    public bool Equals(SensitiveString? other) =>
        other is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(_value), System.Text.Encoding.UTF8.GetBytes(other._value));

    public override bool Equals(object? obj) => obj is SensitiveString other && Equals(other);

    public override int GetHashCode() => _value.Length;
}
