using System.Runtime.CompilerServices;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Splits a block of bytes into lines on '\n' (vectorised span search, noting on the way whether a line holds a
/// backslash, and then which escapes, which the prefilter needs), numbers them, and sorts them into a <see cref="CandidateBatch"/>:
/// blank (skipped), ruled out by the prefilter (only a broken shape is noted as malformed), or a candidate for
/// the parser. One per source.
/// </summary>
internal sealed class AuditLineScanner
{
    private readonly AuditPrefilter? _prefilter;

    // The prefilter remembers positions in the block being scanned: each scanner has its own.
    public AuditLineScanner(AuditPrefilter? prefilter) => _prefilter = prefilter?.Fork();

    /// <summary>The number of the last line seen in the current file (restarts when a followed file starts over).</summary>
    public long LineNumber { get; private set; }

    public void Restart() => LineNumber = 0;

    /// <summary>Counts an empty line given on its own (pipeline input).</summary>
    public void BlankLine(CandidateBatch batch)
    {
        LineNumber++;
        batch.AddLine();
    }

    /// <summary>Counts one line that could not be kept (longer than the buffer allows) as malformed.</summary>
    public void SkipOverlongLine(CandidateBatch batch)
    {
        BlankLine(batch);
        batch.AddMalformed(LineNumber);
    }

    /// <summary>
    /// Sorts every complete line of <paramref name="block"/> into <paramref name="batch"/> and returns the bytes
    /// used. With <paramref name="final"/>, the bytes after the last newline are a line too; otherwise they wait.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Scan(ReadOnlySpan<byte> block, bool final, CandidateBatch batch)
    {
        var end = final ? block.Length : block.LastIndexOf((byte)'\n') + 1;
        if (end == 0)
        {
            return 0;
        }

        var region = block[..end];
        if (_prefilter is null)
        {
            var start = 0;
            while (start < end)
            {
                var newline = ByteSearch.IndexOf(region[start..], (byte)'\n');
                var lineEnd = newline < 0 ? end : start + newline;
                Line(region, start, lineEnd, LineEscapes.None, batch);
                start = lineEnd + 1;
            }

            return end;
        }

        _prefilter.Reset();
        var position = 0;
        while (position < end)
        {
            // Lines before the next literal hit that are plain {...} without a backslash are only counted.
            var quietEnd = QuietLineRun.Skip(region, position, _prefilter.NextTrigger(region, position), out var quiet);
            LineNumber += quiet;
            batch.AddLines(quiet);
            position = quietEnd;
            if (position >= end)
            {
                break;
            }

            var newline = ByteSearch.IndexOf(region[position..], (byte)'\n');
            var lineEnd = newline < 0 ? end : position + newline;
            Line(region, position, lineEnd, AuditPrefilter.EscapesIn(region[position..lineEnd]), batch);
            position = lineEnd + 1;
        }

        return end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Line(ReadOnlySpan<byte> region, int start, int end, LineEscapes escapes, CandidateBatch batch)
    {
        LineNumber++;
        batch.AddLine();
        var line = region[start..end];
        if (LineNumber == 1 && line.StartsWith("\uFEFF"u8))
        {
            line = line[3..];
        }

        line = line.TrimEnd(" \t\r"u8);
        if (IsBlank(line))
        {
            return;
        }

        if (_prefilter is null || _prefilter.MayMatch(region, start, end, escapes))
        {
            batch.AddCandidate(line, LineNumber);
        }
        else if (line[^1] != (byte)'}' || line.IndexOf((byte)'{') < 0)
        {
            // Not parsed: only a broken shape (a truncated line, say) is noticed.
            batch.AddMalformed(LineNumber);
        }
    }

    // Spaces and tabs only (a plain loop: the line is rarely blank, and this runs once per line kept).
    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b != (byte)' ' && b != (byte)'\t')
            {
                return false;
            }
        }

        return true;
    }
}
