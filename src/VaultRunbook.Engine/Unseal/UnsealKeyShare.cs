using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Unseal;

/// <summary>One unseal key share and where it came from ("line 3 of keys.txt", "-Key #2"); never its value in text.</summary>
public sealed record UnsealKeyShare(SensitiveString Value, string Source)
{
    public override string ToString() => Source;
}
