using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// What the scanner found in one block of one source: how many lines, the lines that may match (copied, so the
/// read buffer can move on), and the numbers of lines already known to be malformed. Examining it parses the
/// candidates and updates the source's tally in line order, on whichever thread runs the parsing.
/// </summary>
internal sealed class CandidateBatch
{
    private readonly List<Candidate> _candidates = new();
    private readonly List<long> _malformed = new();
    private byte[] _bytes = new byte[1 << 16];
    private int _used;

    public SourceTally Source { get; private set; } = null!;

    public long Lines { get; private set; }

    /// <summary>The bytes of the candidate lines held.</summary>
    public int CandidateBytes => _used;

    /// <summary>The source's bytes read once this block is done, and its size, for progress; 0 when unknown.</summary>
    public long Position { get; set; }

    public long Total { get; set; }

    public void Reset(SourceTally source)
    {
        Source = source;
        Lines = 0;
        Position = 0;
        Total = 0;
        _used = 0;
        _candidates.Clear();
        _malformed.Clear();
    }

    public void AddLine() => Lines++;

    public void AddLines(int count) => Lines += count;

    public void AddMalformed(long lineNumber) => _malformed.Add(lineNumber);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddCandidate(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (_bytes.Length - _used < line.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + line.Length));
        }

        line.CopyTo(_bytes.AsSpan(_used));
        _candidates.Add(new Candidate(_used, line.Length, lineNumber));
        _used += line.Length;
    }

    /// <summary>Parses and filters the candidates; matches go to the sink, counts to the source's tally.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Examine(AuditLineMatcher matcher, MatchSink sink, Utf8StringCache strings)
    {
        var tally = Source;
        tally.Lines += Lines;
        var known = 0;
        foreach (var candidate in _candidates)
        {
            while (known < _malformed.Count && _malformed[known] < candidate.LineNumber)
            {
                tally.AddMalformed(_malformed[known++]);
            }

            var line = _bytes.AsSpan(candidate.Offset, candidate.Length);
            if (!ByteSearch.IsAscii(line) && !Utf8.IsValid(line))
            {
                tally.AddMalformed(candidate.LineNumber);
                continue;
            }

            switch (matcher.Examine(line, tally.File, candidate.LineNumber, strings, out var match))
            {
                case LineVerdict.Match:
                    tally.Matches++;
                    sink.Accept(match!);
                    break;
                case LineVerdict.Malformed:
                    tally.AddMalformed(candidate.LineNumber);
                    break;
            }
        }

        while (known < _malformed.Count)
        {
            tally.AddMalformed(_malformed[known++]);
        }
    }

    private readonly record struct Candidate(int Offset, int Length, long LineNumber);
}
