using System.Collections;
using System.Text.Json;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// Which environment variable is which Vault secret. JSON (<see cref="Parse"/>, <see cref="Load"/>) or a hashtable
/// (<see cref="FromDictionary"/>; the cmdlets read a .psd1 data file into one):
/// <code>{ "HF_TOKEN": { "mount": "secret", "path": "cwiq/shared/hf", "field": "token" },
///   "PG_PASSWORD": "secret/app/db#pg_password" }</code>
/// The short string form is mount/path#field, the mount being the first segment. Keys are case-insensitive; an
/// unknown key, an empty mount (it defaults to secret), a missing or empty path or field, or a name that is not a valid environment variable is a
/// <c>VaultRunbook.Resolution.InvalidSecretMap</c> error naming the entry.
/// </summary>
public sealed class SecretMap
{
    public const string InvalidErrorId = "VaultRunbook.Resolution.InvalidSecretMap";
    public const string NotFoundErrorId = ErrorIdPrefix + "NotFound";
    private const string ErrorIdPrefix = "VaultRunbook.Resolution.SecretMap";
    private const string What = "the secret map";

    private readonly Dictionary<string, SecretReference> _byName;

    private SecretMap(string source, IReadOnlyList<SecretReference> entries)
    {
        Source = source;
        Entries = entries;
        _byName = entries.ToDictionary(e => e.Name, NameComparer);
    }

    /// <summary>Environment variable names compare as the OS does: case-insensitively on Windows only.</summary>
    public static StringComparer NameComparer { get; } = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    public static SecretMap Empty { get; } = new("(empty)", Array.Empty<SecretReference>());

    /// <summary>Where the map came from (a file path), for messages.</summary>
    public string Source { get; }

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<SecretReference> Entries { get; }

    public int Count => Entries.Count;

    public bool TryGet(string name, out SecretReference reference) => _byName.TryGetValue(name, out reference!);

    /// <summary>Reads a JSON secret map file.</summary>
    public static SecretMap Load(string path)
    {
        CheckFile(path);
        try
        {
            return Parse(File.ReadAllText(path), path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw FileChecks.Unreadable(path, ErrorIdPrefix, What, ex);
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a secret map file that can be read: a directory, a missing file and an
    /// unreadable one are VaultRunbook.Resolution.SecretMapIsDirectory, SecretMapNotFound and SecretMapUnreadable.
    /// With <paramref name="missingIsAllowed"/>, a missing file gives false instead.
    /// </summary>
    public static bool CheckFile(string path, bool missingIsAllowed = false) =>
        FileChecks.CheckReadable(path, ErrorIdPrefix, What, missingIsAllowed);

    /// <summary>Parses a JSON secret map; <paramref name="source"/> names it in errors.</summary>
    public static SecretMap Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw Invalid(source, null, $"it is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(source, null, "the top level must be an object of NAME: { mount, path, field }");
            }

            var entries = new List<SecretReference>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                entries.Add(property.Value.ValueKind switch
                {
                    JsonValueKind.String => FromShortForm(source, property.Name, property.Value.GetString()!),
                    JsonValueKind.Object => FromFields(source, property.Name, property.Value.EnumerateObject().Select(p => (p.Name, (object?)(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText()), p.Value.ValueKind == JsonValueKind.String))),
                    _ => throw Invalid(source, property.Name, "the value must be an object { mount, path, field } or a string 'mount/path#field'"),
                });
            }

            return Create(source, entries);
        }
    }

    /// <summary>Builds a map from a hashtable of NAME = @{ Mount; Path; Field } or NAME = 'mount/path#field'.</summary>
    public static SecretMap FromDictionary(IDictionary map, string source)
    {
        var entries = new List<SecretReference>();
        foreach (DictionaryEntry entry in map)
        {
            var name = entry.Key as string ?? throw Invalid(source, Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture), "the name must be a string");
            entries.Add(entry.Value switch
            {
                string text => FromShortForm(source, name, text),
                IDictionary fields => FromFields(source, name, fields.Cast<DictionaryEntry>().Select(f => (Convert.ToString(f.Key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, f.Value, f.Value is string))),
                _ => throw Invalid(source, name, "the value must be a hashtable @{ Mount; Path; Field } or a string 'mount/path#field'"),
            });
        }

        return Create(source, entries);
    }

    private static SecretMap Create(string source, List<SecretReference> entries)
    {
        var seen = new HashSet<string>(NameComparer);
        foreach (var entry in entries)
        {
            if (!seen.Add(entry.Name))
            {
                throw Invalid(source, entry.Name, "the name appears more than once");
            }
        }

        return new SecretMap(source, entries);
    }

    private static SecretReference FromShortForm(string source, string name, string text)
    {
        CheckName(source, name);
        var hash = text.LastIndexOf('#');
        var location = hash < 0 ? text : text[..hash];
        var slash = location.Trim('/').IndexOf('/');
        if (hash < 0 || slash < 0)
        {
            throw Invalid(source, name, "the short form must be 'mount/path#field'");
        }

        var trimmed = location.Trim('/');
        return Build(source, name, trimmed[..slash], trimmed[(slash + 1)..], text[(hash + 1)..]);
    }

    private static SecretReference FromFields(string source, string name, IEnumerable<(string Key, object? Value, bool IsString)> fields)
    {
        CheckName(source, name);
        string? mount = null, path = null, field = null;
        foreach (var (key, value, isString) in fields)
        {
            var text = isString ? (string?)value : null;
            switch (key.ToLowerInvariant())
            {
                case "mount":
                    mount = text ?? throw Invalid(source, name, "'mount' must be a string");
                    break;
                case "path":
                    path = text ?? throw Invalid(source, name, "'path' must be a string");
                    break;
                case "field":
                    field = text ?? throw Invalid(source, name, "'field' must be a string");
                    break;
                default:
                    throw Invalid(source, name, $"unknown key '{key}' (expected mount, path and field)");
            }
        }

        return Build(source, name, mount ?? "secret", path, field);
    }

    private static SecretReference Build(string source, string name, string mount, string? path, string? field)
    {
        mount = mount.Trim().Trim('/');
        path = path?.Trim().Trim('/');
        field = field?.Trim();
        if (mount.Length == 0)
        {
            throw Invalid(source, name, "'mount' is empty");
        }

        if (string.IsNullOrEmpty(path))
        {
            throw Invalid(source, name, "'path' is missing or empty");
        }

        if (string.IsNullOrEmpty(field))
        {
            throw Invalid(source, name, "'field' is missing or empty");
        }

        return new SecretReference(name, mount, path, field);
    }

    private static void CheckName(string source, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('=') || name.Contains('\0') || name.Trim() != name)
        {
            throw Invalid(source, name, "the name is not a valid environment variable name");
        }
    }

    private static ConfigurationException Invalid(string source, string? name, string problem, Exception? inner = null) =>
        new(InvalidErrorId, name is null ? $"The secret map '{source}' is not valid: {problem}." : $"The secret map '{source}', entry '{name}': {problem}.", inner)
        {
            Target = name ?? source,
        };
}
