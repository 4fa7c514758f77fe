using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// A compressed audit log that is cut short or corrupt (what <c>gzip -t</c> calls "unexpected end of file", a CRC
/// or length error, invalid compressed data). The lines before the break were searched; the rest is lost.
/// </summary>
public sealed class AuditCorruptArchiveException : EngineException
{
    public AuditCorruptArchiveException(string? path, bool truncated, long linesRead, long matches, Exception? inner = null)
        : base("VaultRunbook.Audit.CorruptArchive", ErrorKind.InvalidData, Describe(path, truncated, linesRead, matches), inner)
    {
        Target = path;
        Truncated = truncated;
        LinesRead = linesRead;
        Matches = matches;
    }

    /// <summary>True when the data ends before the last gzip member does; false for corrupt data or a bad CRC or length.</summary>
    public bool Truncated { get; }

    /// <summary>The complete lines read (and searched) before the break.</summary>
    public long LinesRead { get; }

    /// <summary>How many of those lines matched.</summary>
    public long Matches { get; }

    private static string Describe(string? path, bool truncated, long linesRead, long matches)
    {
        var what = path is null ? "The compressed audit log" : $"The compressed audit log '{path}'";
        var why = truncated
            ? "is truncated (unexpected end of file)"
            : "is corrupt (invalid compressed data, or a CRC or length check that fails)";
        var lines = linesRead == 1 ? "1 line was" : $"{linesRead} lines were";
        return $"{what} {why}: {lines} read before the break ({matches} matching); the rest of the file could not be read.";
    }
}
