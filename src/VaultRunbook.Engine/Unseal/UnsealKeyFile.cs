using System.Text.Json;
using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Unseal;

/// <summary>
/// Reads a key file as the runbooks keep it (vault-unseal-keys.txt): one share per line; blank lines and
/// <c>#</c> comments skipped. The saved output of <c>vault operator init</c> is accepted as it is: when the file
/// holds <c>Unseal Key 1: ...</c> lines, its other labelled and prose lines (the Initial Root Token, the
/// explanation) are passed over; the JSON of <c>vault operator init -format=json</c> or of sys/init is read by its key
/// fields. Every share is checked before any is used, and an error names the line, never its content. A file
/// others can write is refused (anyone could swap the shares) unless <c>allowWritableByOthers</c>.
/// </summary>
public static partial class UnsealKeyFile
{
    public static UnsealKeyFileContents Read(string path) => Read(path, allowWritableByOthers: false);

    public static UnsealKeyFileContents Read(string path, bool allowWritableByOthers)
    {
        var fullPath = Path.GetFullPath(path);
        FileChecks.CheckReadable(fullPath, "VaultRunbook.Unseal.KeyFile", "the unseal key file");

        var warnings = new List<string>();
        if (FilePermissions.IsWritableByOthers(fullPath))
        {
            if (!allowWritableByOthers)
            {
                throw new ConfigurationException(
                    "VaultRunbook.Unseal.KeyFileWritableByOthers",
                    $"The unseal key file '{fullPath}' can be written by any user, who could replace the shares; restrict it with chmod 600, or use -Force to read it anyway.") { Target = fullPath };
            }

            warnings.Add($"The unseal key file '{fullPath}' can be read and written by any user; restrict it with chmod 600.");
        }
        else if (FilePermissions.IsWritableByGroup(fullPath))
        {
            warnings.Add($"The unseal key file '{fullPath}' can be written by its group{(FilePermissions.IsReadableByOthers(fullPath) ? " and read by others" : string.Empty)}; restrict it with chmod 600.");
        }
        else if (FilePermissions.IsReadableByOthers(fullPath))
        {
            warnings.Add($"The unseal key file '{fullPath}' can be read by group or others (not written); restrict it with chmod 600.");
        }

        var lines = File.ReadAllLines(fullPath);
        var shares = lines.FirstOrDefault(l => l.Trim().Length > 0)?.TrimStart().StartsWith('{') == true
            ? FromJson(fullPath, string.Join('\n', lines))
            : FromLines(fullPath, lines);
        if (shares.Count == 0)
        {
            throw new ConfigurationException("VaultRunbook.Unseal.NoKeys", $"The unseal key file '{fullPath}' holds no key shares.") { Target = fullPath };
        }

        return new UnsealKeyFileContents(shares, warnings);
    }

    private static List<UnsealKeyShare> FromLines(string fullPath, string[] lines)
    {
        // Saved init output: its "Unseal Key N:" lines are shares, and its labelled or prose lines are passed over.
        var initOutput = lines.Any(l => InitOutputLine().IsMatch(l.Trim()));
        var shares = new List<UnsealKeyShare>();
        for (var index = 0; index < lines.Length; index++)
        {
            var lineNumber = index + 1;
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var labelled = InitOutputLine().Match(line);
            if (labelled.Success)
            {
                line = labelled.Groups["key"].Value;
            }
            else if (initOutput && line.AsSpan().IndexOfAny(' ', ':', '\t') >= 0)
            {
                // Init output's other lines (Initial Root Token: ..., its prose): never a share, never echoed.
                continue;
            }

            Add(shares, fullPath, line, $"line {lineNumber} of '{Path.GetFileName(fullPath)}'", $"Line {lineNumber}");
        }

        return shares;
    }

    // `vault operator init -format=json` (unseal_keys_b64) or the sys/init answer (keys_base64, keys).
    private static List<UnsealKeyShare> FromJson(string fullPath, string text)
    {
        JsonElement keys;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            keys = new[] { "unseal_keys_b64", "keys_base64", "unseal_keys_hex", "keys" }
                .Select(name => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) ? value : default)
                .FirstOrDefault(value => value.ValueKind == JsonValueKind.Array)
                .Clone();
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException(
                "VaultRunbook.Unseal.InvalidKeyFormat",
                $"The unseal key file '{fullPath}' starts like JSON but is not valid JSON (line {ex.LineNumber + 1}).") { Target = fullPath };
        }

        var shares = new List<UnsealKeyShare>();
        if (keys.ValueKind != JsonValueKind.Array)
        {
            return shares;
        }

        var position = 0;
        foreach (var key in keys.EnumerateArray())
        {
            position++;
            Add(shares, fullPath, key.ValueKind == JsonValueKind.String ? key.GetString()! : string.Empty, $"key {position} of '{Path.GetFileName(fullPath)}'", $"Key {position}");
        }

        return shares;
    }

    private static void Add(List<UnsealKeyShare> shares, string fullPath, string value, string source, string where)
    {
        if (UnsealKeyFormat.Problem(value) is { } problem)
        {
            throw new ConfigurationException(
                "VaultRunbook.Unseal.InvalidKeyFormat",
                $"{where} of the unseal key file '{fullPath}' is not an unseal key share: {problem}.") { Target = fullPath };
        }

        shares.Add(new UnsealKeyShare(new SensitiveString(value), source));
    }

    [GeneratedRegex(@"^Unseal Key \d+:\s*(?<key>\S+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InitOutputLine();
}
