using System.Collections.Immutable;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// The body of an enable request, sys/mounts/:path and sys/auth/:path alike (Vault's MountInput): type,
/// description, options (a string map, null when absent), local and seal_wrap.
/// </summary>
internal sealed record MountRequest(string Type, string Description, ImmutableDictionary<string, string>? Options, bool Local, bool SealWrap)
{
    /// <summary>The request's fields, or the first field error as Vault words it.</summary>
    public static MountRequest? Parse(LogicalRequest request, out string? error)
    {
        error = null;
        LogicalFields.TryGetString(request.Data, "type", out string type, ref error);
        LogicalFields.TryGetString(request.Data, "description", out string description, ref error);
        bool hasOptions = LogicalFields.TryGetStringMap(request.Data, "options", out Dictionary<string, string> options, ref error);
        LogicalFields.TryGetBool(request.Data, "local", out bool local, ref error);
        LogicalFields.TryGetBool(request.Data, "seal_wrap", out bool sealWrap, ref error);
        return error is null
            ? new MountRequest(type, description, hasOptions ? options.ToImmutableDictionary(StringComparer.Ordinal) : null, local, sealWrap)
            : null;
    }

    /// <summary>The mount among <paramref name="mounts"/> that <paramref name="path"/> would nest in or under (Vault refuses both).</summary>
    public static MountEntry? Overlapping(IEnumerable<MountEntry> mounts, string path) =>
        mounts.FirstOrDefault(m => path.StartsWith(m.Path, StringComparison.Ordinal) || m.Path.StartsWith(path, StringComparison.Ordinal));
}
