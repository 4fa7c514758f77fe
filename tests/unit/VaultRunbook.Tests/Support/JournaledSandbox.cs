using Xunit;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// A runspace with an unsealed one-share sandbox, its own action journal ($VaultRunbookJournalPath), $root (the root
/// token as a SecureString) and $vault (Address and Token, for splatting), plus whatever <c>setup</c> adds.
/// </summary>
internal sealed class JournaledSandbox : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"vr-sandbox-{Guid.NewGuid():N}");
    private readonly string _dataPath;

    public JournaledSandbox(string setup = "")
    {
        Directory.CreateDirectory(_directory);
        Journal = Path.Combine(_directory, "actions.jsonl");
        var start = Session.Run(
            $$"""
            $global:VaultRunbookJournalPath = $path
            $global:sb = Start-VaultSandbox -Shares 1 -Threshold 1
            $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
            $global:root = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()).SecurePassword
            $global:vault = @{ Address = $sb.Address; Token = $root }
            {{setup}}
            $sb
            """,
            new System.Collections.Hashtable { ["path"] = Journal });
        Assert.True(start.Errors.Count == 0, start.Describe());
        _dataPath = (string)start.Output[^1].Properties["DataPath"].Value;
    }

    public PowerShellSession Session { get; } = new();

    /// <summary>The action journal the session's cmdlets write.</summary>
    public string Journal { get; }

    public ScriptResult Run(string script, bool verboseAndDebug = false) => Session.Run(script, verboseAndDebug: verboseAndDebug);

    public void Dispose()
    {
        Session.Run("if ($global:sb) { $global:sb | Stop-VaultSandbox -Confirm:$false }");
        Session.Dispose();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }

        Directory.Delete(_directory, recursive: true);
    }
}
