using System.Collections.Immutable;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The mount table a fresh sandbox starts with: Vault's built-in sys/, cubbyhole/ and identity/, a
/// KV v2 engine at secret/ (as in Vault's dev mode) and a KV v1 engine at kv-v1/ to exercise
/// version detection. Old state files without a mount table are brought up to this at unseal.
/// </summary>
internal static class DefaultMounts
{
    public const string SecretPath = "secret/";
    public const string KvV1Path = "kv-v1/";

    /// <summary>Mounts that sys/mounts lists but that cannot be unmounted.</summary>
    public static readonly ImmutableArray<string> Protected = ["sys/", "cubbyhole/", "identity/"];

    public static ImmutableDictionary<string, MountEntry> Create() =>
        ImmutableDictionary.CreateRange(
            new[]
            {
                New("sys/", "system", "system endpoints used for control, policy and debugging"),
                New("cubbyhole/", "cubbyhole", "per-token private secret storage") with { Local = true },
                New("identity/", "identity", "identity store"),
                NewKv(SecretPath, 2, "key/value secret storage"),
                NewKv(KvV1Path, 1, "key/value secret storage (version 1)"),
            }.Select(m => KeyValuePair.Create(m.Path, m)));

    /// <summary>A new, empty KV mount of the given version.</summary>
    public static MountEntry NewKv(string path, int version, string description, ImmutableDictionary<string, string>? options = null) =>
        New(path, "kv", description) with
        {
            Options = (options ?? ImmutableDictionary<string, string>.Empty).SetItem("version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            KvConfig = version == 2 ? KvConfig.Default : null,
            Secrets = version == 2 ? ImmutableDictionary<string, KvSecret>.Empty : null,
            Entries = version == 1 ? ImmutableDictionary<string, System.Text.Json.JsonElement>.Empty : null,
        };

    /// <summary>Fills what an older state file lacks; <paramref name="changed"/> says whether anything was added.</summary>
    public static SandboxState Complete(SandboxState state, out bool changed)
    {
        changed = false;
        if (state.Mounts is null)
        {
            state = state with { Mounts = Create() };
            changed = true;
        }

        if (state.TokenMountAccessor is null || state.TokenMountUuid is null)
        {
            state = state with { TokenMountAccessor = SecretGenerator.MountAccessor("auth_token"), TokenMountUuid = SecretGenerator.Uuid() };
            changed = true;
        }

        return state;
    }

    private static MountEntry New(string path, string type, string description) =>
        new(path, type, description, SecretGenerator.MountAccessor(type), SecretGenerator.Uuid());
}
