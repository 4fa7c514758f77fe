namespace VaultRunbook.Engine.Audit;

/// <summary>
/// One plain file under Follow: after its end, polls for appended bytes. A file shorter than what was read was
/// truncated (copytruncate) and is read again from the start; a path that now names another file (rename and
/// create) is reopened and read from the start. An unfinished last line waits for its newline.
/// </summary>
internal sealed class AuditFileFollower : IDisposable
{
    private readonly string _path;
    private readonly AuditSearchOptions _options;
    private AuditSourceReader _reader;

    public AuditFileFollower(string path, AuditSourceReader reader, AuditSearchOptions options)
    {
        _path = path;
        _reader = reader;
        _options = options;
    }

    /// <summary>Reads what was appended since the last poll; false when there was nothing.</summary>
    public async Task<bool> PollAsync(AuditBatchPipeline pipeline, CancellationToken cancellationToken)
    {
        var file = _reader.File!;

        // The path is measured before the handle: for one growing file the path's length can then only be smaller.
        var onPath = new FileInfo(_path);
        var handleLength = RandomAccess.GetLength(file.SafeFileHandle);
        var position = file.Position;
        if (handleLength < position)
        {
            file.Position = 0;
            _reader.DiscardPartialLine();
            _reader.Scanner.Restart();
        }
        else if (handleLength == position)
        {
            if (!onPath.Exists || onPath.Length == handleLength || !TryReopen())
            {
                return false;
            }
        }

        await _reader.ReadToEndAsync(pipeline, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Dispose() => _reader.Dispose();

    private bool TryReopen()
    {
        FileStream file;
        try
        {
            file = AuditFileOpener.OpenShared(_path);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        var scanner = _reader.Scanner;
        var tally = _reader.Tally;
        _reader.Dispose();
        scanner.Restart();
        _reader = new AuditSourceReader(file, file, scanner, tally, _options);
        return true;
    }
}
