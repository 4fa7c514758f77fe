using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Signing;

namespace VaultRunbook.Cmdlets.Signing;

/// <summary>What New-FallbackSigningKey and Update-FallbackSigningKey share: the key file's -Path and the journaled change.</summary>
public abstract class FallbackKeyCmdlet : AsyncCmdlet
{
    /// <summary>The fallback key file (vault-fallback.json).</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_FALLBACK_KEY, else vault-fallback.json in the per-user VaultRunbook folder")]
    public string? Path { get; set; }

    protected string KeyFile => SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path ?? FallbackKeyStore.DefaultPath(Environment.GetEnvironmentVariable));

    /// <summary>Runs the key change, journals it (never the key) and writes the key's description; an Engine failure is an error record.</summary>
    protected void ChangeKey(string action, string path, Func<FallbackKeyStore, FallbackKeyInfo> change)
    {
        try
        {
            var info = change(new FallbackKeyStore());
            RecordAction(ActionRecord.Now(action, "local", "Written") with { Subject = $"{path} ({info.KeyId})", KeyVersion = info.Version });
            WriteObject(info);
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now(action, "local", "Failed") with { Subject = path, ErrorId = ex.ErrorId, Message = ex.Message });
            WriteEngineError(ex, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(ex, "VaultRunbook.Signing.FallbackKeyUnwritable", ErrorCategory.WriteError, path));
        }
    }
}
