using System.Management.Automation;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// Where the action journal is: the session's $VaultRunbookJournalPath, else VAULT_RUNBOOK_JOURNAL, else
/// actions.jsonl in the per-user VaultRunbook folder.
/// </summary>
internal static class JournalLocation
{
    public const string PreferenceVariable = "VaultRunbookJournalPath";

    public static string Resolve(PSCmdlet cmdlet)
    {
        var preference = cmdlet.SessionState.PSVariable.GetValue(PreferenceVariable) is { } value && value.ToString() is { Length: > 0 } text ? text : null;
        var path = preference ?? ActionJournal.DefaultPath(Environment.GetEnvironmentVariable);
        return cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
    }
}
