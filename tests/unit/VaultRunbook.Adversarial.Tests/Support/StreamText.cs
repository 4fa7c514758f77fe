using System.Collections;
using System.Management.Automation;
using System.Text;

namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// Everything a run produced, as text to search for secrets: every stream and the host UI (through
/// <see cref="ScriptResult.AllText"/>), plus what an error record carries beyond it: CategoryInfo, ErrorDetails'
/// recommended action, every inner exception with its Data, and the script stack trace.
/// </summary>
internal static class StreamText
{
    public static string Of(ScriptResult result)
    {
        var text = new StringBuilder(result.AllText());
        foreach (var record in Records(result))
        {
            text.AppendLine(Of(record));
        }

        return text.ToString();
    }

    /// <summary>An error record in full: id, message, target, category, details and the exception chain.</summary>
    public static string Of(ErrorRecord record)
    {
        var text = new StringBuilder();
        text.AppendLine(record.FullyQualifiedErrorId)
            .AppendLine(record.ToString())
            .AppendLine(Convert.ToString(record.TargetObject))
            .AppendLine(record.CategoryInfo.ToString())
            .AppendLine(record.CategoryInfo.Reason)
            .AppendLine(record.CategoryInfo.TargetName)
            .AppendLine(record.ErrorDetails?.Message)
            .AppendLine(record.ErrorDetails?.RecommendedAction)
            .AppendLine(record.ScriptStackTrace);
        for (Exception? ex = record.Exception; ex is not null; ex = ex.InnerException)
        {
            text.AppendLine(ex.GetType().FullName).AppendLine(ex.Message).AppendLine(ex.ToString());
            foreach (DictionaryEntry entry in ex.Data)
            {
                text.Append(entry.Key).Append('=').AppendLine(Convert.ToString(entry.Value));
            }

            if (ex is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    text.AppendLine(inner.ToString());
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Every error record of a run: the error stream, then the one that stopped the script, if any.</summary>
    public static IEnumerable<ErrorRecord> Records(ScriptResult result)
    {
        foreach (var record in result.Errors)
        {
            yield return record;
        }

        if ((result.Terminating as IContainsErrorRecord)?.ErrorRecord is { } stopping)
        {
            yield return stopping;
        }
    }
}
