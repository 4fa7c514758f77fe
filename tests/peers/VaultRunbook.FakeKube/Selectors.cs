using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>Label selectors (=, ==, !=, in, notin, exists, !exists) and the field selectors kubectl sends.</summary>
public static class Selectors
{
    public static bool MatchesLabels(string? selector, JsonNode? labels)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        var map = Json.StringMap(labels);
        foreach (var term in SplitTerms(selector))
        {
            if (!MatchesTerm(term.Trim(), map))
            {
                return false;
            }
        }

        return true;
    }

    // Splits on commas outside parentheses.
    private static IEnumerable<string> SplitTerms(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
            else if (selector[i] == ',' && depth == 0)
            {
                yield return selector[start..i];
                start = i + 1;
            }
        }

        yield return selector[start..];
    }

    private static bool MatchesTerm(string term, Dictionary<string, string> labels)
    {
        if (term.Length == 0)
        {
            return true;
        }

        var words = term.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && (words[1] == "in" || words[1] == "notin"))
        {
            var values = string.Join(' ', words.Skip(2)).Trim('(', ')', ' ').Split(',').Select(v => v.Trim()).ToHashSet();
            var has = labels.TryGetValue(words[0], out var value) && values.Contains(value);
            return words[1] == "in" ? has : !has;
        }

        if (term.Contains("!=", StringComparison.Ordinal))
        {
            var parts = term.Split("!=", 2);
            return !(labels.TryGetValue(parts[0].Trim(), out var v) && v == parts[1].Trim());
        }

        if (term.Contains('='))
        {
            var parts = term.Replace("==", "=", StringComparison.Ordinal).Split('=', 2);
            return labels.TryGetValue(parts[0].Trim(), out var v) && v == parts[1].Trim();
        }

        return term.StartsWith('!') ? !labels.ContainsKey(term[1..]) : labels.ContainsKey(term);
    }

    public static bool MatchesFields(string? selector, JsonObject obj)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        foreach (var term in selector.Split(','))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var parts = term.Replace("!=", "=", StringComparison.Ordinal).Replace("==", "=", StringComparison.Ordinal).Split('=', 2);
            var actual = FieldValue(obj, parts[0].Trim());
            var equal = actual == (parts.Length > 1 ? parts[1].Trim() : string.Empty);
            if (equal == negate)
            {
                return false;
            }
        }

        return true;
    }

    private static string? FieldValue(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node is JsonValue v ? v.ToString() : null;
    }

    /// <summary>A matchLabels selector as text ("app=api,tier=web").</summary>
    public static string FromMatchLabels(JsonNode? selector) =>
        string.Join(",", Json.StringMap(selector?["matchLabels"]).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
