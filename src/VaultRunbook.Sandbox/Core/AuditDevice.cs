using System.Collections.Immutable;

namespace VaultRunbook.Sandbox.Core;

/// <summary>An enabled audit device: its table entry and the HMAC salt (a random UUID string) kept with it.</summary>
internal sealed record AuditDevice(
    string Path,
    string Type,
    string Description,
    ImmutableDictionary<string, string> Options,
    bool Local,
    string Accessor,
    string Salt)
{
    public string FilePath => Options.TryGetValue("file_path", out string? path) ? path : string.Empty;

    /// <summary>log_raw: write values in clear instead of HMAC'ing them.</summary>
    public bool LogRaw => Options.TryGetValue("log_raw", out string? value) && GoBool.TryParse(value, out bool raw) && raw;

    /// <summary>hmac_accessor (default true): HMAC token accessors too.</summary>
    public bool HmacAccessor => !Options.TryGetValue("hmac_accessor", out string? value) || !GoBool.TryParse(value, out bool hmac) || hmac;
}
