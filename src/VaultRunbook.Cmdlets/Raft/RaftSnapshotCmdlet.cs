using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Raft;

/// <summary>
/// Save- and Restore-VaultRaftSnapshot: one node, one file, and a journal record of every attempt. Bad usage (the
/// file) stops the cmdlet; a refusal by Vault is an error of this item.
/// </summary>
public abstract class RaftSnapshotCmdlet : VaultCmdlet
{
    /// <summary>The node: a URL, or an object with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>
    /// Resolves the node and <paramref name="path"/>, asks ShouldProcess (<paramref name="confirm"/> gives the target
    /// and the action from the address and the full path), runs <paramref name="work"/> (a failure is journaled as
    /// <paramref name="journalAction"/>), journals the success as <paramref name="record"/> says and writes it.
    /// </summary>
    protected void RunOnFile<T>(
        string path,
        string journalAction,
        Func<string, string, (string Target, string Action)> confirm,
        Func<IVaultClient, string, CancellationToken, Task<T>> work,
        Func<T, ActionRecord> record)
        where T : notnull
    {
        var settings = ResolveSettings(Address?.Address);
        var full = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        var (target, action) = confirm(settings.AddressText, full);
        if (!ShouldProcess(target, action))
        {
            return;
        }

        var client = ClientFor(settings);
        try
        {
            var result = RunRecorded(journalAction, settings.AddressText, ct => work(client, full, ct));
            RecordAction(record(result));
            WriteObject(result);
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, settings.AddressText);
        }
    }
}
