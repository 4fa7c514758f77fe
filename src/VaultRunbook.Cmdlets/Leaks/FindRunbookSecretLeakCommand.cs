using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Leaks;

namespace VaultRunbook.Cmdlets.Leaks;

/// <summary>
/// <para type="synopsis">Scans log files and folders for leaked tokens (hvs., hvb., hvr., legacy s. tokens, hf_, AWS access key ids, PEM private keys) and shows each masked.</para>
/// <para type="description">The weekly security validation's leak scan. Files and folders (all levels down) are read line by
/// line; binary files are skipped. Each finding gives File, Line, Kind and a Preview that holds only the value's first
/// four characters and "***": the token itself never reaches any stream. -Pattern adds regular expressions of your own
/// (kind Custom). A missing or unreadable path is an error of that path (VaultRunbook.LeakScan.FileNotFound,
/// .FileUnreadable) and the scan goes on; an invalid -Pattern stops it (VaultRunbook.LeakScan.InvalidPattern). With
/// -Assert, any finding ends the script with VaultRunbook.LeakScan.SecretFound after the findings are written: a CI gate
/// in one line.</para>
/// <example><code>Get-ChildItem /var/log/app -Filter *.log | Find-RunbookSecretLeak -Assert</code><para>In the weekly validation or a CI job: lists every token-looking value in the application logs, masked, and fails the job if there is one.</para></example>
/// <example><code>Find-RunbookSecretLeak -Path ./logs -Pattern 'ghp_\w{36}' | Group-Object Kind</code><para>Also looks for GitHub tokens, and counts the findings by kind.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Find, "RunbookSecretLeak")]
[OutputType(EngineTypeNames.SecretLeakFinding)]
public sealed class FindRunbookSecretLeakCommand : AsyncCmdlet
{
    public const string SecretFoundErrorId = "VaultRunbook.LeakScan.SecretFound";

    private SecretLeakScanner? _scanner;
    private int _found;
    private int _files;

    /// <summary>Files and folders to scan; wildcards are resolved; binds the FullName of piped files.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "PSPath")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Extra regular expressions to look for (their findings have kind Custom).</summary>
    [Parameter]
    public string[]? Pattern { get; set; }

    /// <summary>Fail (end the script) when anything is found, after writing the findings.</summary>
    [Parameter]
    public SwitchParameter Assert { get; set; }

    protected override void BeginProcessing()
    {
        try
        {
            _scanner = new SecretLeakScanner(TokenPatterns.WithExtra(Pattern));
        }
        catch (ConfigurationException ex)
        {
            ThrowEngineError(ex);
        }
    }

    protected override void ProcessRecord()
    {
        foreach (var given in Path)
        {
            foreach (var file in Files(given))
            {
                Scan(file);
            }
        }
    }

    protected override void EndProcessing()
    {
        WriteVerbose($"{_files} file(s) scanned, {_found} finding(s).");
        if (Assert && _found > 0)
        {
            ThrowScriptTerminatingError(ErrorRecords.Create(SecretFoundErrorId, ErrorCategory.SecurityError, $"{_found} token-looking value(s) found in the scanned files (shown masked above).", null));
        }
    }

    private IEnumerable<string> Files(string given)
    {
        List<string> resolved;
        try
        {
            resolved = SessionState.Path.GetResolvedProviderPathFromPSPath(given, out _).ToList();
        }
        catch (ItemNotFoundException)
        {
            WriteError(ErrorRecords.Create(SecretLeakScanner.FileErrorIdPrefix + "NotFound", ErrorCategory.ObjectNotFound, $"The path '{given}' does not exist.", given));
            return [];
        }

        return resolved.SelectMany(path => Directory.Exists(path) ? SecretLeakScanner.FilesUnder(path) : [path]);
    }

    private void Scan(string file)
    {
        try
        {
            _files++;
            foreach (var finding in _scanner!.Scan(file))
            {
                _found++;
                WriteObject(finding);
            }
        }
        catch (ConfigurationException ex)
        {
            WriteEngineError(ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteEngineError(FileChecks.Unreadable(file, SecretLeakScanner.FileErrorIdPrefix, "the file to scan", ex));
        }
    }
}
