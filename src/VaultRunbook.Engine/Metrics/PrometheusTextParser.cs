using System.Collections;
using System.Globalization;
using System.Text;

namespace VaultRunbook.Engine.Metrics;

/// <summary>
/// Reads the Prometheus text exposition format 0.0.4 (what Vault's sys/metrics?format=prometheus answers):
/// <c># HELP name text</c> (escapes \\ and \n), <c># TYPE name type</c>, other comments, and sample lines
/// <c>name{label="value",...} value [timestamp]</c> with label escapes \\, \" and \n, values as Go parses floats
/// (NaN, +Inf, -Inf included). A summary's or histogram's _sum, _count and _bucket samples belong to its family.
/// A line that does not fit is skipped and reported, never guessed at.
/// </summary>
public static class PrometheusTextParser
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal) { "counter", "gauge", "histogram", "summary", "untyped" };

    public static PrometheusExposition Parse(string text, string node)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<(string Name, Hashtable Labels, double Value, DateTimeOffset? Timestamp)>();
        var malformed = new List<MalformedMetricLine>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var problem = line.TrimStart().StartsWith('#')
                ? ReadComment(line.TrimStart(), types, helps)
                : ReadSample(line, samples);
            if (problem is not null)
            {
                malformed.Add(new MalformedMetricLine(i + 1, line.Length > 80 ? line[..80] + "..." : line, problem));
            }
        }

        var metrics = samples.Select(s =>
        {
            var family = FamilyOf(s.Name, types);
            return new VaultMetric
            {
                Node = node,
                Name = s.Name,
                Labels = s.Labels,
                Value = s.Value,
                Type = types.GetValueOrDefault(family, "untyped"),
                Help = helps.GetValueOrDefault(family),
                Family = family,
                Timestamp = s.Timestamp,
            };
        }).ToList();
        return new PrometheusExposition(metrics, malformed);
    }

    private static string FamilyOf(string name, Dictionary<string, string> types)
    {
        if (types.ContainsKey(name))
        {
            return name;
        }

        foreach (var suffix in new[] { "_sum", "_count", "_bucket" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && types.GetValueOrDefault(name[..^suffix.Length]) is "summary" or "histogram")
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    private static string? ReadComment(string line, Dictionary<string, string> types, Dictionary<string, string> helps)
    {
        var body = line[1..].TrimStart(' ', '\t');
        var keyword = body.Split([' ', '\t'], 2)[0];
        if (keyword is not ("HELP" or "TYPE"))
        {
            return null; // any other comment
        }

        var rest = body[keyword.Length..].TrimStart(' ', '\t');
        var nameLength = NameLength(rest);
        if (nameLength == 0)
        {
            return $"# {keyword} without a metric name";
        }

        var name = rest[..nameLength];
        var value = rest[nameLength..].TrimStart(' ', '\t');
        if (keyword == "TYPE")
        {
            if (!Types.Contains(value))
            {
                return $"unknown metric type '{value}'";
            }

            if (!types.TryAdd(name, value))
            {
                return $"a second TYPE line for {name}";
            }

            return null;
        }

        helps[name] = value.Replace("\\\\", "\u0000", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\u0000", "\\", StringComparison.Ordinal);
        return null;
    }

    private static string? ReadSample(string line, List<(string, Hashtable, double, DateTimeOffset?)> samples)
    {
        var position = 0;
        var nameLength = NameLength(line);
        if (nameLength == 0)
        {
            return "no metric name";
        }

        var name = line[..nameLength];
        position = nameLength;
        var labels = new Hashtable(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            if (ReadLabels(line, ref position, labels) is { } problem)
            {
                return problem;
            }
        }

        var fields = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (position < line.Length && line[position] is not (' ' or '\t'))
        {
            return "no space between the metric and its value";
        }

        if (fields.Length is 0 or > 2)
        {
            return fields.Length == 0 ? "no value" : "more than a value and a timestamp";
        }

        if (!TryParseValue(fields[0], out var value))
        {
            return $"'{fields[0]}' is not a number";
        }

        DateTimeOffset? timestamp = null;
        if (fields.Length == 2)
        {
            if (!long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ms))
            {
                return $"'{fields[1]}' is not a timestamp in milliseconds";
            }

            timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        samples.Add((name, labels, value, timestamp));
        return null;
    }

    private static string? ReadLabels(string line, ref int position, Hashtable labels)
    {
        position++; // '{'
        while (true)
        {
            SkipBlanks(line, ref position);
            if (position >= line.Length)
            {
                return "the label set is not closed";
            }

            if (line[position] == '}')
            {
                position++;
                return null;
            }

            var nameLength = NameLength(line[position..]);
            if (nameLength == 0 || line[position..(position + nameLength)].Contains(':'))
            {
                return "a label without a valid name";
            }

            var labelName = line.Substring(position, nameLength);
            position += nameLength;
            SkipBlanks(line, ref position);
            if (position >= line.Length || line[position] != '=')
            {
                return $"label {labelName} has no '='";
            }

            position++;
            SkipBlanks(line, ref position);
            if (position >= line.Length || line[position] != '"')
            {
                return $"the value of label {labelName} is not quoted";
            }

            position++;
            var value = new StringBuilder();
            while (true)
            {
                if (position >= line.Length)
                {
                    return $"the value of label {labelName} is not closed";
                }

                var c = line[position++];
                if (c == '"')
                {
                    break;
                }

                if (c != '\\')
                {
                    value.Append(c);
                    continue;
                }

                if (position >= line.Length)
                {
                    return $"the value of label {labelName} ends in a backslash";
                }

                var escaped = line[position++];
                switch (escaped)
                {
                    case '\\': value.Append('\\'); break;
                    case '"': value.Append('"'); break;
                    case 'n': value.Append('\n'); break;
                    default: return $"the value of label {labelName} has an unknown escape '\\{escaped}'";
                }
            }

            if (labels.ContainsKey(labelName))
            {
                return $"label {labelName} appears twice";
            }

            labels[labelName] = value.ToString();
            SkipBlanks(line, ref position);
            if (position < line.Length && line[position] == ',')
            {
                position++;
            }
            else if (position < line.Length && line[position] != '}')
            {
                return "labels are not separated by commas";
            }
        }
    }

    /// <summary>Go's ParseFloat as the text format uses it: NaN, +Inf, -Inf and Inf (any case), else a decimal float.</summary>
    private static bool TryParseValue(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan":
                value = double.NaN;
                return true;
            case "+inf" or "inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>The length of the metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) at the start of <paramref name="text"/>.</summary>
    private static int NameLength(string text)
    {
        var length = 0;
        while (length < text.Length && (char.IsAsciiLetter(text[length]) || text[length] is '_' or ':' || (length > 0 && char.IsAsciiDigit(text[length]))))
        {
            length++;
        }

        return length;
    }

    private static void SkipBlanks(string line, ref int position)
    {
        while (position < line.Length && line[position] is ' ' or '\t')
        {
            position++;
        }
    }
}
