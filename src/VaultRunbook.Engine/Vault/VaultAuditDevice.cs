using System.Collections;

namespace VaultRunbook.Engine.Vault;

/// <summary>
/// An enabled audit device (GET sys/audit, vault-api-notes section 8.1). Path has no trailing slash ("file"), so it
/// binds as -Device (alias Path) to Get-VaultAuditHash; Options maps option names to values (file_path, mode, ...).
/// </summary>
public sealed record VaultAuditDevice
{
    public required string Address { get; init; }

    public required string Path { get; init; }

    /// <summary>file, socket or syslog.</summary>
    public required string Type { get; init; }

    public string Description { get; init; } = string.Empty;

    public bool Local { get; init; }

    public required Hashtable Options { get; init; }

    /// <summary>options.file_path of a file device ("stdout" and "discard" are special), else null.</summary>
    public string? FilePath => Options["file_path"] as string;

    public override string ToString() => $"{Path} ({Type})";
}
