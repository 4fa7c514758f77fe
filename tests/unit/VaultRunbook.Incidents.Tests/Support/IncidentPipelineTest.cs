using System.Collections;
using System.Management.Automation;

namespace VaultRunbook.Incidents.Tests.Support;

/// <summary>
/// A hosted-pipeline test with folders of its own: $incidents (the incidents folder, also VAULT_RUNBOOK_INCIDENTS
/// would be), $journal (the action journal, as $VaultRunbookJournalPath), $rollout (the rollout state file) and
/// $reports (where reports go). Nothing touches the user's own VaultRunbook folder.
/// </summary>
public abstract class IncidentPipelineTest : IDisposable
{
    protected IncidentPipelineTest()
    {
        Folder = Path.Combine(Path.GetTempPath(), "vaultrunbook-incidents-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        Session.Run("$global:VaultRunbookJournalPath = $journal", Variables());
    }

    protected string Folder { get; }

    protected string Incidents => Path.Combine(Folder, "incidents");

    protected string Journal => Path.Combine(Folder, "actions.jsonl");

    protected string Rollout => Path.Combine(Folder, "rollout.json");

    protected string Reports => Path.Combine(Folder, "docs", "runbooks", "incidents");

    protected PowerShellSession Session { get; } = new();

    protected Hashtable Variables(Hashtable? more = null)
    {
        var variables = new Hashtable { ["folder"] = Folder, ["incidents"] = Incidents, ["journal"] = Journal, ["rollout"] = Rollout, ["reports"] = Reports };
        foreach (DictionaryEntry entry in more ?? new Hashtable())
        {
            variables[entry.Key] = entry.Value;
        }

        return variables;
    }

    protected ScriptResult Run(string script, Hashtable? more = null) => Session.Run(script, Variables(more));

    /// <summary>A collection property of an output object (Entries, Checklist, Files), item by item.</summary>
    protected static IEnumerable<PSObject> Items(PSObject value, string property) =>
        ((IEnumerable)value.Properties[property].Value).Cast<object>().Select(PSObject.AsPSObject);

    /// <summary>Everything written under the test's folder (incident files, journal, reports), for leak checks.</summary>
    protected string AllFilesText() =>
        string.Join("\n", Directory.EnumerateFiles(Folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".png", StringComparison.Ordinal)).Select(File.ReadAllText));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Session.Dispose();
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // a report left open by a failing assertion: the temp folder is cleaned up by the OS
            }
        }
    }
}
