using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VaultRunbook.Engine.Audit;

namespace VaultRunbook.Audit.Tests.Support;

/// <summary>
/// The obvious implementation, for comparison: every line fully decoded (strict UTF-8) and parsed with
/// JsonDocument, no prefilter, the filters written out plainly. Returns the numbers of the matching lines and of
/// the malformed ones.
/// </summary>
public static class NaiveAuditSearch
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static (List<long> Matches, List<long> Malformed) Run(byte[] file, AuditQuery query)
    {
        var matches = new List<long>();
        var malformed = new List<long>();
        var lines = Split(file);
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var bytes = lines[i];
            string text;
            try
            {
                text = Strict.GetString(bytes).TrimEnd('\r', ' ', '\t');
            }
            catch (DecoderFallbackException)
            {
                malformed.Add(number);
                continue;
            }

            if (text.Trim().Length == 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                malformed.Add(number);
                continue;
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object
                    || !root.TryGetProperty("time", out var time) || time.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(time.GetString(), out var when)
                    || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString()!.Length == 0)
                {
                    malformed.Add(number);
                    continue;
                }

                if (Matches(root, when, type.GetString()!, query))
                {
                    matches.Add(number);
                }
            }
        }

        return (matches, malformed);
    }

    private static bool Matches(JsonElement root, DateTimeOffset time, string type, AuditQuery query)
    {
        var path = Str(root, "request", "path");
        if (query.SecretPath is { Count: > 0 } paths && !paths.Any(p => Wildcard(p.TrimStart('/'), path, ignoreCase: false)))
        {
            return false;
        }

        if (query.Operation is { Count: > 0 } ops && !ops.Contains(Str(root, "request", "operation") ?? string.Empty, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        if (query.DisplayName is { Count: > 0 } names && !names.Any(n => Wildcard(n, Str(root, "auth", "display_name"), ignoreCase: true)))
        {
            return false;
        }

        if (query.Accessor is { Count: > 0 } accessors && !accessors.Any(a => a == Str(root, "auth", "accessor") || a == Str(root, "request", "client_token_accessor")))
        {
            return false;
        }

        if (query.ClientTokenHmac is { Count: > 0 } tokens && !tokens.Any(t => t == Str(root, "auth", "client_token") || t == Str(root, "request", "client_token")))
        {
            return false;
        }

        if (query.RemoteAddress is { Count: > 0 } addresses && !addresses.Any(a => Wildcard(a, Str(root, "request", "remote_address"), ignoreCase: true)))
        {
            return false;
        }

        if (query.Type is not null && !string.Equals(query.Type, type, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if ((query.After is { } after && time < after) || (query.Before is { } before && time >= before))
        {
            return false;
        }

        return !query.ErrorOnly || !string.IsNullOrEmpty(root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null);
    }

    private static string? Str(JsonElement root, string outer, string inner) =>
        root.TryGetProperty(outer, out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty(inner, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    private static bool Wildcard(string pattern, string? value, bool ignoreCase)
    {
        if (value is null)
        {
            return false;
        }

        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase | RegexOptions.CultureInvariant : RegexOptions.None));
    }

    private static List<byte[]> Split(byte[] file)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < file.Length; i++)
        {
            if (file[i] == (byte)'\n')
            {
                lines.Add(file[start..i]);
                start = i + 1;
            }
        }

        if (start < file.Length)
        {
            lines.Add(file[start..]);
        }

        return lines;
    }
}
