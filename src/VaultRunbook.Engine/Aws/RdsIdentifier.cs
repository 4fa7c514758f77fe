using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Aws;

/// <summary>
/// RDS's naming rules (CreateDBSnapshot / CreateDBInstance documentation): letters, digits and hyphens; the first
/// character a letter; no two consecutive hyphens; not ending with a hyphen; at most 255 characters for a snapshot
/// and 63 for a DB instance.
/// </summary>
public static partial class RdsIdentifier
{
    public const int SnapshotMaxLength = 255;

    public const int InstanceMaxLength = 63;

    /// <summary>The runbook's default manual snapshot name for a day: vault-manual-yyyyMMdd.</summary>
    public static string DefaultSnapshotName(DateTimeOffset now) => "vault-manual-" + now.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Throws VaultRunbook.Aws.InvalidIdentifier (naming which rule) when <paramref name="name"/> breaks one.</summary>
    public static string Validate(string name, string what, int maxLength)
    {
        string? broken = name switch
        {
            "" => "it is empty",
            _ when name.Length > maxLength => $"it is longer than {maxLength} characters",
            _ when !char.IsAsciiLetter(name[0]) => "it must start with a letter",
            _ when !Allowed().IsMatch(name) => "it may hold only ASCII letters, digits and hyphens",
            _ when name.Contains("--", StringComparison.Ordinal) => "it may not hold two consecutive hyphens",
            _ when name.EndsWith('-') => "it may not end with a hyphen",
            _ => null,
        };
        return broken is null
            ? name
            : throw new AwsException("InvalidIdentifier", ErrorKind.InvalidArgument, $"'{name}' is not a valid RDS {what}: {broken}.") { Target = name };
    }

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex Allowed();
}
