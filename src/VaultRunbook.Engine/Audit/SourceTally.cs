using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>The running counts of one source, turned into an <see cref="AuditSourceSummary"/> at the end.</summary>
internal sealed class SourceTally
{
    private readonly int _keep;
    private readonly List<long> _firstMalformed = new();

    public SourceTally(string? file, int keep)
    {
        File = file;
        _keep = Math.Max(0, keep);
    }

    public string? File { get; }

    public long Lines { get; set; }

    public long Matches { get; set; }

    public long Malformed { get; private set; }

    public EngineException? Failure { get; set; }

    public void AddMalformed(long lineNumber)
    {
        Malformed++;
        if (_firstMalformed.Count < _keep)
        {
            _firstMalformed.Add(lineNumber);
        }
    }

    public AuditSourceSummary ToSummary() => new()
    {
        File = File,
        Lines = Lines,
        Matches = Matches,
        MalformedLines = Malformed,
        FirstMalformedLineNumbers = _firstMalformed.ToArray(),
        Failure = Failure,
    };
}
