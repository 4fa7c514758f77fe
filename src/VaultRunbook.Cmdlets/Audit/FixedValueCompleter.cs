using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace VaultRunbook.Cmdlets.Audit;

/// <summary>Completes a parameter from a fixed list of values, each with a tooltip; a typed prefix (quoted or not) narrows it.</summary>
public abstract class FixedValueCompleter : IArgumentCompleter
{
    /// <summary>The values in the order they are offered, with what each means.</summary>
    protected abstract IReadOnlyList<(string Value, string Tooltip)> Values { get; }

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName,
        string parameterName,
        string wordToComplete,
        CommandAst commandAst,
        IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var (value, tooltip) in Values)
        {
            if (value.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            {
                yield return new CompletionResult(value, value, CompletionResultType.ParameterValue, tooltip);
            }
        }
    }
}
