using System.Collections.ObjectModel;
using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Cmdlets.Resolution;
using VaultRunbook.Engine.Audit;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Cmdlets.Audit;

/// <summary>
/// <para type="synopsis">Searches Vault's JSON file-audit logs for who touched a path, when and from where.</para>
/// <para type="description">Replaces `grep -F 'secret/data/cwiq' vault-audit.log | jq -c 'select(.request.path |
/// startswith("secret/data/cwiq"))'`. Reads plain or gzip files (told by their content, not their name) or lines
/// from the pipeline, in constant memory, and writes one AuditEvent per matching entry as it is found: Time, Type,
/// Operation, Path, Mount, DisplayName, Accessor, RemoteAddress, Policies, Namespace, Error, RequestId, File and
/// LineNumber. Request and response data never appear unless -IncludeRaw is given (then Raw holds the line, whose
/// data values Vault has HMAC'd). -SecretPath takes exact paths, prefixes (secret/data/cwiq*) or wildcards,
/// case-sensitive as in Vault; -Accessor and -ClientTokenHmac take the hmac-sha256: forms that sys/audit-hash
/// returns. -Since 24h (or 15m, 7d, a [TimeSpan], a [DateTime]) keeps recent entries, the short form of -After; Tab completes
/// -Operation and -Since. -Tail N keeps the last N matches; -Follow keeps reading appended lines until Ctrl+C, and starts a
/// truncated or rotated file again from the top. Lines that are not audit entries (truncated, invalid JSON, not
/// UTF-8) are skipped with one warning per file that gives their count and first line numbers. A gzip file that is
/// cut short or corrupt (what gzip -t reports) is an error of that file, VaultRunbook.Audit.CorruptArchive, that says how
/// many lines were read before the break; the search goes on with the next file.</para>
/// <example><code>Search-VaultAuditLog -Path /var/log/vault/audit.log* -SecretPath 'secret/data/cwiq*' -Type request | Group-Object DisplayName | Sort-Object Count -Descending</code><para>Who touched the cwiq secrets, across the current and rotated logs: request counts per identity, busiest first.</para></example>
/// <example><code>Get-Content ./vault-audit.log | Search-VaultAuditLog -SecretPath 'secret/data/cwiq*' -Operation read -Since 24h</code><para>Searches log lines piped in (from a copied file or another tool) for reads of the cwiq secrets in the last 24 hours.</para></example>
/// <example><code>Search-VaultAuditLog ./vault-audit.log -DisplayName 'userpass-*' -ErrorOnly -Tail 20</code><para>The last 20 failed requests made by userpass logins: a quick look for a user locked out or probing.</para></example>
/// <example><code>Search-VaultAuditLog ./vault-audit.log -SecretPath 'sys/*' -Follow</code><para>Watches the log as Vault writes it and shows every sys/ request as it happens, until Ctrl+C.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Search, "VaultAuditLog", DefaultParameterSetName = PathSet)]
[OutputType(EngineTypeNames.AuditEvent)]
public sealed class SearchVaultAuditLogCommand : AsyncCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";
    private const long ProgressThresholdBytes = 16L << 20;
    private const int MaxEventsInFlight = 1024;

    private readonly List<string> _files = new();
    private readonly SemaphoreSlim _inFlight = new(MaxEventsInFlight);
    private readonly CancellationTokenSource _abandon = new();
    private AuditLogSearcher? _searcher;
    private AuditLineSearch? _lines;

    /// <summary>Audit log files; wildcards are resolved relative to the current location.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Audit log files, taken as written (no wildcards); binds the PSPath of piped files.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Audit log lines from the pipeline (Get-Content); a text holding newlines is several lines.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [AllowEmptyString]
    [AllowNull]
    public string? InputObject { get; set; }

    /// <summary>request.path: exact, a prefix (secret/data/cwiq*) or a wildcard (* and ?); case-sensitive.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? SecretPath { get; set; }

    /// <summary>request.operation: create, read, update, delete, list, patch, ... (Tab completes them).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(AuditOperationCompleter))]
    public string[]? Operation { get; set; }

    /// <summary>auth.display_name, with wildcards (userpass-*); case-insensitive.</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? DisplayName { get; set; }

    /// <summary>A token accessor as the log holds it: its hmac-sha256: form (sys/audit-hash), or plain with hmac_accessor=false.</summary>
    [Parameter]
    public string[]? Accessor { get; set; }

    /// <summary>The hmac-sha256: form of a client token (sys/audit-hash), matched in auth and request.</summary>
    [Parameter]
    public string[]? ClientTokenHmac { get; set; }

    /// <summary>request.remote_address, with wildcards (10.0.*).</summary>
    [Parameter]
    [SupportsWildcards]
    public string[]? RemoteAddress { get; set; }

    /// <summary>Only request or only response entries.</summary>
    [Parameter]
    [ValidateSet("request", "response")]
    public string? Type { get; set; }

    /// <summary>Only entries at or after this time (a time without a zone is local).</summary>
    [Parameter]
    public DateTime? After { get; set; }

    /// <summary>Only entries of the last 15m, 1h, 24h, 7d ... (an age: '90s', '30m', '24h', '7d' or a [TimeSpan]), or since a [DateTime]; the friendly form of -After, so not with it.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(SinceCompleter))]
    public SinceParameter? Since { get; set; }

    /// <summary>Only entries before this time (a time without a zone is local).</summary>
    [Parameter]
    public DateTime? Before { get; set; }

    /// <summary>Only entries that carry an error.</summary>
    [Parameter]
    public SwitchParameter ErrorOnly { get; set; }

    /// <summary>Only the last N matching entries.</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Tail { get; set; }

    /// <summary>Keep reading lines appended to the files until Ctrl+C.</summary>
    [Parameter(ParameterSetName = PathSet)]
    [Parameter(ParameterSetName = LiteralPathSet)]
    public SwitchParameter Follow { get; set; }

    /// <summary>Fill Raw with each matching line's JSON (HMAC'd request and response data included).</summary>
    [Parameter]
    public SwitchParameter IncludeRaw { get; set; }

    protected override void BeginProcessing()
    {
        if (Since is not null && After is not null)
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Audit.InvalidQuery",
                ErrorCategory.InvalidArgument,
                "-Since and -After both give the start of the search window; give one of them.",
                Since));
        }

        var after = Since?.ToPointInTime(DateTimeOffset.Now) ?? (After is { } at ? new DateTimeOffset(at) : null);
        var query = new AuditQuery
        {
            SecretPath = SecretPath,
            Operation = Operation,
            DisplayName = DisplayName,
            Accessor = Accessor,
            ClientTokenHmac = ClientTokenHmac,
            RemoteAddress = RemoteAddress,
            Type = Type,
            After = after,
            Before = Before is { } before ? new DateTimeOffset(before) : null,
            ErrorOnly = ErrorOnly,
        };
        var options = new AuditSearchOptions { Tail = Tail > 0 ? Tail : null, Follow = Follow, IncludeRaw = IncludeRaw };
        try
        {
            _searcher = new AuditLogSearcher(query, options);
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
        }
    }

    protected override void ProcessRecord()
    {
        // The parameter set of piped input is known here, not yet in BeginProcessing.
        if (ParameterSetName == InputObjectSet)
        {
            _lines ??= _searcher!.CreateLineSearch();
            WriteObject(_lines.Add(InputObject), enumerateCollection: true);
            return;
        }

        var literal = ParameterSetName == LiteralPathSet;
        foreach (var path in literal ? LiteralPath : Path)
        {
            foreach (var file in Resolve(path, literal))
            {
                if (!_files.Contains(file, StringComparer.Ordinal))
                {
                    _files.Add(file);
                }
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_lines is not null)
        {
            WriteObject(_lines.Complete(), enumerateCollection: true);
            WarnMalformed(_lines.Summary);
            return;
        }

        if (_files.Count > 0)
        {
            SearchFiles();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _abandon.Cancel();
            _abandon.Dispose();
        }

        base.Dispose(disposing);
    }

    private void SearchFiles()
    {
        var lastPercent = -1;
        var reporter = new CallbackProgress<AuditReadProgress>(read =>
        {
            if (read.TotalBytes < ProgressThresholdBytes)
            {
                return;
            }

            var percent = (int)(read.BytesRead * 100 / read.TotalBytes);
            if (percent == lastPercent)
            {
                return;
            }

            lastPercent = percent;
            var done = read.BytesRead >= read.TotalBytes;
            Post(() => WriteProgress(new ProgressRecord(1, "Searching Vault audit logs", $"{read.File}: {read.BytesRead >> 20} of {read.TotalBytes >> 20} MB")
            {
                PercentComplete = percent,
                RecordType = done ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            }));
            if (done)
            {
                lastPercent = -1;
            }
        });

        AuditSearchResult result;
        try
        {
            result = Run(async ct =>
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _abandon.Token);
                return await _searcher!.SearchFilesAsync(
                    _files,
                    async (match, token) =>
                    {
                        // At most MaxEventsInFlight events wait for the pipeline thread; the reader waits beyond that.
                        await _inFlight.WaitAsync(token).ConfigureAwait(false);
                        Post(() =>
                        {
                            _inFlight.Release();
                            WriteObject(match);
                        });
                    },
                    reporter,
                    Follow ? summary => Post(() => Report(summary)) : null,
                    stop.Token).ConfigureAwait(false);
            });
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
            return;
        }
        finally
        {
            // The reader stops when the pipeline stops early (Select-Object -First) as well as on Ctrl+C.
            _abandon.Cancel();
        }

        if (!Follow)
        {
            // With -Follow each file was reported after its first read.
            foreach (var source in result.Sources)
            {
                Report(source);
            }
        }
    }

    private void Report(AuditSourceSummary source)
    {
        if (source.Failure is not null)
        {
            WriteEngineError(source.Failure);
        }

        WarnMalformed(source);
    }

    private IEnumerable<string> Resolve(string path, bool literal)
    {
        Collection<string> files;
        ProviderInfo provider;
        if (!literal && WildcardPattern.ContainsWildcardCharacters(path))
        {
            try
            {
                files = GetResolvedProviderPathFromPSPath(path, out provider);
            }
            catch (ItemNotFoundException)
            {
                files = new Collection<string>();
                provider = SessionState.Provider.GetOne("FileSystem");
            }

            files = new Collection<string>(files.Where(f => !Directory.Exists(f)).ToList());
            if (files.Count == 0)
            {
                ThrowEngineError(new AuditFileNotFoundException(path, $"No audit log file matches '{path}'."));
            }
        }
        else
        {
            files = new Collection<string> { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
        }

        if (provider.Name != "FileSystem")
        {
            ThrowTerminatingError(ErrorRecords.Create(
                "VaultRunbook.Audit.NotAFileSystemPath",
                ErrorCategory.InvalidArgument,
                $"The path '{path}' is on the {provider.Name} provider; audit logs are read from the file system.",
                path));
        }

        try
        {
            AuditLogSearcher.EnsureFilesExist(files);
        }
        catch (AuditFileNotFoundException ex)
        {
            ThrowEngineError(ex);
        }

        return files;
    }

    private void WarnMalformed(AuditSourceSummary source)
    {
        if (source.MalformedLines == 0)
        {
            return;
        }

        var where = source.File is null ? "the input" : $"'{source.File}'";
        var numbers = string.Join(", ", source.FirstMalformedLineNumbers);
        var which = source.MalformedLines > source.FirstMalformedLineNumbers.Count ? "first at lines" : source.MalformedLines == 1 ? "line" : "lines";
        var count = source.MalformedLines == 1 ? "1 line" : $"{source.MalformedLines} lines";
        WriteWarningOnce($"{count} in {where} could not be read as audit entries (truncated, invalid JSON or not UTF-8) and were skipped ({which} {numbers}).");
    }
}
