namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// A KV v2 mount's configuration. <see cref="DeleteVersionAfterSeconds"/>: null when unset, -1 when
/// disabled for every key (a negative duration was written).
/// </summary>
internal sealed record KvConfig(int MaxVersions, bool CasRequired, long? DeleteVersionAfterSeconds)
{
    public static KvConfig Default { get; } = new(0, false, null);

    public bool DeleteVersionAfterDisabled => DeleteVersionAfterSeconds == -1;
}
