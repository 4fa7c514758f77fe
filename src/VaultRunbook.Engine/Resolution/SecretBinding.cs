using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// A mapped name as the resolver keeps it: its reference, its path's cache slot, its sticky canary bucket, and
/// memos that let a repeated access reuse the wrapped value (and a shadow comparison's result) without allocating.
/// </summary>
internal sealed class SecretBinding
{
    public SecretBinding(SecretReference reference, VaultPathSlot slot)
    {
        Reference = reference;
        Slot = slot;
        StickyBucket = CanaryRouter.StickyBucket(reference.Name);
    }

    public SecretReference Reference { get; }

    public VaultPathSlot Slot { get; }

    public int StickyBucket { get; }

    /// <summary>The field's value in a given read of the path.</summary>
    public FieldMemo? Field { get; set; }

    /// <summary>The wrapped form of the environment string last seen.</summary>
    public EnvMemo? Env { get; set; }

    /// <summary>The shadow comparison of an environment string with a given read of the path.</summary>
    public ShadowMemo? Shadow { get; set; }

    // Raw holds a secret: no memo prints its members.
    internal sealed record FieldMemo(VaultPathValues Values, SensitiveString? Value)
    {
        public override string ToString() => nameof(FieldMemo);
    }

    internal sealed record EnvMemo(string Raw, SensitiveString Value)
    {
        public override string ToString() => nameof(EnvMemo);
    }

    internal sealed record ShadowMemo(string Raw, VaultPathValues Values, bool Match)
    {
        public override string ToString() => $"{nameof(ShadowMemo)} {(Match ? "match" : "mismatch")}";
    }
}
