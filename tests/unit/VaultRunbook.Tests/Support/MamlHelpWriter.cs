using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// Writes the module's MAML help (module/en-US/VaultRunbook.Cmdlets.dll-Help.xml) from what PowerShell knows of
/// each cmdlet (parameter sets, positions, pipeline input, types, output types) and the cmdlets' XML comments
/// (the synopsis and description paras, the examples, each parameter's summary). HelpTests keeps the committed
/// file equal to this output.
/// </summary>
public static partial class MamlHelpWriter
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private static readonly HashSet<string> CommonParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction", "ErrorVariable",
        "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
    };

    private static readonly Dictionary<string, string> ShouldProcessParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["WhatIf"] = "Shows what would happen if the cmdlet runs. The cmdlet is not run.",
        ["Confirm"] = "Prompts you for confirmation before running the cmdlet.",
    };

    /// <summary>The help file's text for <paramref name="cmdlets"/> (in name order), documented by <paramref name="xmlDocPath"/>.</summary>
    public static string Write(IEnumerable<CmdletInfo> cmdlets, string xmlDocPath)
    {
        var docs = XDocument.Load(xmlDocPath).Descendants("member")
            .ToDictionary(m => (string)m.Attribute("name")!, m => m);
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var cmdlet in cmdlets.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            root.Add(CommandElement(cmdlet, docs));
        }

        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        var settings = new XmlWriterSettings { Indent = true, IndentChars = "  ", Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            document.Save(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static XElement CommandElement(CmdletInfo cmdlet, Dictionary<string, XElement> docs)
    {
        var type = cmdlet.ImplementingType;
        var summary = docs.TryGetValue("T:" + type.FullName, out var member) ? member.Element("summary") : null;
        var synopsis = Text(summary?.Elements("para").FirstOrDefault(p => (string?)p.Attribute("type") == "synopsis"));
        var description = Text(summary?.Elements("para").FirstOrDefault(p => (string?)p.Attribute("type") == "description"));
        // An example is its <code> and the sentence (<para>) that explains it.
        var examples = summary?.Elements("example")
            .Select(e => (Code: Code(e.Element("code")), Remarks: Text(new XElement("remarks", e.Elements("para")))))
            .Where(e => e.Code.Length > 0).ToList() ?? [];
        var defaults = DefaultValues(type);
        var parameters = ParametersOf(cmdlet).ToList();

        return new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", cmdlet.Name),
                new XElement(Command + "verb", cmdlet.Verb),
                new XElement(Command + "noun", cmdlet.Noun),
                Paragraphs(synopsis)),
            Paragraphs(description.Length > 0 ? description : synopsis),
            new XElement(Command + "syntax", cmdlet.ParameterSets
                .OrderByDescending(s => s.IsDefault).ThenBy(s => s.Name, StringComparer.Ordinal)
                .Select(set => new XElement(Command + "syntaxItem",
                    new XElement(Maml + "name", cmdlet.Name),
                    set.Parameters.Where(p => !CommonParameters.Contains(p.Name))
                        .OrderBy(p => ShouldProcessParameters.ContainsKey(p.Name))
                        .ThenBy(p => p.Position < 0 ? int.MaxValue : p.Position)
                        .ThenBy(p => !p.IsMandatory)
                        .ThenBy(p => p.Name, StringComparer.Ordinal)
                        .Select(p => ParameterElement(p.Name, p.ParameterType, p.IsMandatory, p.Position, p.ValueFromPipeline, p.ValueFromPipelineByPropertyName, description: null))))),
            new XElement(Command + "parameters", parameters.Select(p => ParameterElement(
                p.Name, p.Type, p.Mandatory, p.Position, p.ByValue, p.ByPropertyName, ParameterDescription(type, p.Name, docs), p.Aliases, defaults.GetValueOrDefault(p.Name)))),
            new XElement(Command + "inputTypes", parameters.Where(p => p.ByValue || p.ByPropertyName)
                .Select(p => TypeName(p.Type)).Distinct(StringComparer.Ordinal)
                .Select(t => new XElement(Command + "inputType", new XElement(Dev + "type", new XElement(Maml + "name", t))))),
            new XElement(Command + "returnValues", cmdlet.OutputType.Select(t => t.Name).Distinct(StringComparer.Ordinal)
                .Select(t => new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(Maml + "name", t))))),
            new XElement(Command + "examples", examples.Select((example, i) => new XElement(Command + "example",
                new XElement(Maml + "title", $"-------------------------- Example {i + 1} --------------------------"),
                new XElement(Dev + "code", example.Code),
                new XElement(Dev + "remarks", example.Remarks.Split("\n\n").Select(p => new XElement(Maml + "para", p)))))));
    }

    private sealed record ParameterFacts(string Name, Type Type, bool Mandatory, int Position, bool ByValue, bool ByPropertyName, IReadOnlyCollection<string> Aliases);

    // One entry per parameter over all sets: mandatory, positional or piped if it is so in any set.
    private static IEnumerable<ParameterFacts> ParametersOf(CmdletInfo cmdlet) => cmdlet.ParameterSets
        .SelectMany(s => s.Parameters)
        .Where(p => !CommonParameters.Contains(p.Name))
        .GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase)
        .Select(g => new ParameterFacts(
            g.Key,
            g.First().ParameterType,
            g.Any(p => p.IsMandatory),
            g.Select(p => p.Position).Where(p => p >= 0).DefaultIfEmpty(-1).Min(),
            g.Any(p => p.ValueFromPipeline),
            g.Any(p => p.ValueFromPipelineByPropertyName),
            g.First().Aliases))
        .OrderBy(p => ShouldProcessParameters.ContainsKey(p.Name))
        .ThenBy(p => p.Position < 0 ? int.MaxValue : p.Position)
        .ThenBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>
    /// What "Default value" shows for each parameter: [PSDefaultValue(Help = ...)] where the default comes from the
    /// environment (VAULT_ADDR...), else the value a new cmdlet object starts with (ThrottleLimit 32...).
    /// </summary>
    private static Dictionary<string, string> DefaultValues(Type cmdlet)
    {
        var defaults = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var fresh = Activator.CreateInstance(cmdlet);
        foreach (var property in cmdlet.GetProperties())
        {
            if (property.GetCustomAttributes(typeof(PSDefaultValueAttribute), inherit: true).FirstOrDefault() is PSDefaultValueAttribute documented)
            {
                defaults[property.Name] = documented.Help ?? Convert.ToString(documented.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "None";
                continue;
            }

            if (property.GetCustomAttributes(typeof(ParameterAttribute), inherit: true).Length == 0 || property.GetMethod is null)
            {
                continue;
            }

            if (Shown(property.GetValue(fresh)) is { } shown)
            {
                defaults[property.Name] = shown;
            }
        }

        return defaults;
    }

    // A start value worth showing: not null, false, zero, empty, a secret, or an object without a readable form.
    private static string? Shown(object? value)
    {
        switch (value)
        {
            case null or SwitchParameter or System.Security.SecureString or false:
                return null;
            case string text:
                return text.Length > 0 ? text : null;
            case System.Collections.IEnumerable items:
                var parts = items.Cast<object?>().Select(Shown).ToList();
                return parts.Count > 0 && parts.All(p => p is not null) ? string.Join(", ", parts) : null;
            case IFormattable formattable when !(value.GetType().IsValueType && value.Equals(Activator.CreateInstance(value.GetType()))):
                return formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
            default:
                var readable = value.ToString();
                return readable is null || readable == value.GetType().FullName || value.GetType().IsValueType ? null : readable;
        }
    }

    private static XElement ParameterElement(string name, Type type, bool mandatory, int position, bool byValue, bool byPropertyName, string? description, IReadOnlyCollection<string>? aliases = null, string? defaultValue = null)
    {
        var pipeline = (byValue, byPropertyName) switch
        {
            (true, true) => "True (ByValue, ByPropertyName)",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "False",
        };
        var isSwitch = type == typeof(SwitchParameter);
        var element = new XElement(Command + "parameter",
            new XAttribute("required", mandatory ? "true" : "false"),
            new XAttribute("variableLength", type.IsArray ? "true" : "false"),
            new XAttribute("globbing", "false"),
            new XAttribute("pipelineInput", pipeline),
            new XAttribute("position", position < 0 ? "named" : position.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new XAttribute("aliases", aliases is { Count: > 0 } ? string.Join(", ", aliases) : "none"),
            new XElement(Maml + "name", name));
        if (description is not null)
        {
            element.Add(Paragraphs(description));
        }

        if (!isSwitch)
        {
            element.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", type.IsArray ? "true" : "false"), ShortName(type)));
        }

        if (description is not null)
        {
            element.Add(new XElement(Dev + "type", new XElement(Maml + "name", TypeName(type))));
            element.Add(new XElement(Dev + "defaultValue", defaultValue ?? (isSwitch ? "False" : "None")));
        }

        return element;
    }

    private static string ParameterDescription(Type cmdlet, string name, Dictionary<string, XElement> docs)
    {
        if (ShouldProcessParameters.TryGetValue(name, out var standard))
        {
            return standard;
        }

        var property = cmdlet.GetProperty(name);
        var declaring = property?.DeclaringType ?? cmdlet;
        return docs.TryGetValue($"P:{declaring.FullName}.{name}", out var member) ? Text(member.Element("summary")) : string.Empty;
    }

    private static XElement Paragraphs(string text) =>
        new(Maml + "description", text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).DefaultIfEmpty(string.Empty).Select(p => new XElement(Maml + "para", p)));

    // The readable text of a doc element: cref links by their last name, <c> as its text, paras as paragraphs,
    // line breaks and indentation of the comment folded.
    private static string Text(XElement? element)
    {
        if (element is null)
        {
            return string.Empty;
        }

        var paragraphs = new List<string>();
        var current = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            if (node is XElement { Name.LocalName: "para" } para)
            {
                Flush();
                current.Append(Text(para));
                Flush();
            }
            else
            {
                current.Append(Inline(node));
            }
        }

        Flush();
        return string.Join("\n\n", paragraphs);

        void Flush()
        {
            var text = Whitespace().Replace(current.ToString(), " ").Trim();
            if (text.Length > 0)
            {
                paragraphs.Add(text);
            }

            current.Clear();
        }
    }

    private static string Inline(XNode node) => node switch
    {
        XText text => text.Value,
        XElement { Name.LocalName: "see" or "seealso" } see => ((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? string.Empty).Split('.', ':').Last(),
        XElement { Name.LocalName: "paramref" or "typeparamref" } reference => (string?)reference.Attribute("name") ?? string.Empty,
        XElement element => string.Concat(element.Nodes().Select(Inline)),
        _ => string.Empty,
    };

    private static string Code(XElement? code) => code is null ? string.Empty : code.Value.Trim();

    private static string ShortName(Type type) => type.IsArray ? ShortName(type.GetElementType()!) + "[]" : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>) ? ShortName(type.GetGenericArguments()[0]) : type.Name;

    private static string TypeName(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Nullable<>) ? TypeName(type.GetGenericArguments()[0]) : type.FullName ?? type.Name;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
