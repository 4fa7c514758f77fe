using System.Collections;
using System.Management.Automation;
using VaultRunbook.Engine.Incidents;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// The PowerShell face of <see cref="RunbookObjectSummarizer"/>: unwraps a piped PSObject, hands the Engine's own
/// records over as they are, turns an ErrorRecord into its id, category and message, and anything else (a
/// PSCustomObject, a hashtable, another module's type) into its type name and properties, so that one summariser
/// redacts them all. Used by Add-RunbookIncidentEntry and Send-RunbookNotification.
/// </summary>
internal static class PipedObjectSummary
{
    public static RunbookObjectSummary Summarize(object? input)
    {
        var wrapped = input as PSObject;
        var value = wrapped?.BaseObject ?? input;
        return value switch
        {
            null => RunbookObjectSummarizer.Summarize(null),
            ErrorRecord error => RunbookObjectSummarizer.Summarize(ToPipedError(error)),
            IDictionary dictionary => RunbookObjectSummarizer.Summarize(new PipedObject("Hashtable", Entries(dictionary))),
            PSCustomObject when wrapped is not null => RunbookObjectSummarizer.Summarize(new PipedObject(ShortTypeName(wrapped), Properties(wrapped))),
            _ when value.GetType().Assembly == typeof(RunbookObjectSummarizer).Assembly => RunbookObjectSummarizer.Summarize(value),
            string or ValueType => RunbookObjectSummarizer.Summarize(value),
            _ => RunbookObjectSummarizer.Summarize(new PipedObject(ShortTypeName(wrapped ?? PSObject.AsPSObject(value)), Properties(wrapped ?? PSObject.AsPSObject(value)))),
        };
    }

    public static PipedError ToPipedError(ErrorRecord error)
    {
        var id = error.FullyQualifiedErrorId is { Length: > 0 } full ? full.Split(',')[0] : "NotSpecified";
        var message = error.ErrorDetails?.Message is { Length: > 0 } details ? details : error.Exception?.Message ?? string.Empty;
        return new PipedError(id, error.CategoryInfo.Category.ToString(), message);
    }

    private static string ShortTypeName(PSObject value)
    {
        var name = value.TypeNames.Count > 0 ? value.TypeNames[0] : value.BaseObject.GetType().FullName ?? "Object";
        name = name.StartsWith("Deserialized.", StringComparison.Ordinal) ? name["Deserialized.".Length..] : name;
        return name[(name.LastIndexOf('.') + 1)..];
    }

    private static List<KeyValuePair<string, object?>> Properties(PSObject value)
    {
        var list = new List<KeyValuePair<string, object?>>();
        foreach (var property in value.Properties)
        {
            object? read;
            try
            {
                read = property.Value;
            }
            catch (ExtendedTypeSystemException)
            {
                continue;
            }

            list.Add(new(property.Name, read is PSObject inner ? inner.BaseObject : read));
        }

        return list;
    }

    private static List<KeyValuePair<string, object?>> Entries(IDictionary dictionary)
    {
        var list = new List<KeyValuePair<string, object?>>();
        foreach (DictionaryEntry entry in dictionary)
        {
            list.Add(new(entry.Key.ToString() ?? string.Empty, entry.Value is PSObject inner ? inner.BaseObject : entry.Value));
        }

        return list;
    }
}
