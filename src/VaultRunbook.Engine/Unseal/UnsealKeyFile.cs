using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Unseal;

/// <summary>
/// Reads a key file as the runbooks keep it (vault-unseal-keys.txt): one share per line; blank lines and
/// <c>#</c> comments skipped; the <c>Unseal Key 1: ...</c> lines that <c>vault operator init</c> prints are
/// accepted too. Every line is checked before any is used, and an error names the line, never its content.
/// </summary>
public static partial class UnsealKeyFile
{
    public static UnsealKeyFileContents Read(string path)
    {
        var fullPath = Path.GetFullPath(path);
        FileChecks.CheckReadable(fullPath, "VaultRunbook.Unseal.KeyFile", "the unseal key file");

        var warnings = new List<string>();
        if (FilePermissions.IsReadableByOthers(fullPath))
        {
            warnings.Add($"The unseal key file '{fullPath}' can be read by group or others; restrict it with chmod 600.");
        }

        var shares = new List<UnsealKeyShare>();
        var lineNumber = 0;
        foreach (var rawLine in File.ReadLines(fullPath))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var labelled = InitOutputLine().Match(line);
            if (labelled.Success)
            {
                line = labelled.Groups["key"].Value;
            }

            var source = $"line {lineNumber} of '{Path.GetFileName(fullPath)}'";
            if (UnsealKeyFormat.Problem(line) is { } problem)
            {
                throw new ConfigurationException(
                    "VaultRunbook.Unseal.InvalidKeyFormat",
                    $"Line {lineNumber} of the unseal key file '{fullPath}' is not an unseal key share: {problem}.") { Target = fullPath };
            }

            shares.Add(new UnsealKeyShare(new SensitiveString(line), source));
        }

        if (shares.Count == 0)
        {
            throw new ConfigurationException("VaultRunbook.Unseal.NoKeys", $"The unseal key file '{fullPath}' holds no key shares.") { Target = fullPath };
        }

        return new UnsealKeyFileContents(shares, warnings);
    }

    [GeneratedRegex(@"^Unseal Key \d+:\s*(?<key>\S+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InitOutputLine();
}

