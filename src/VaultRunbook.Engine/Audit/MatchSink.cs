namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Where matches go while a block is scanned synchronously: into the tail ring when Tail is set, else into a
/// pending list that the searcher hands to its caller (awaiting it) after the block. Bounded either way: by N,
/// or by the lines of one block.
/// </summary>
internal sealed class MatchSink
{
    private TailBuffer<AuditEvent>? _tail;

    public MatchSink(int? tail) => _tail = tail is > 0 ? new TailBuffer<AuditEvent>(tail.Value) : null;

    public List<AuditEvent> Pending { get; } = new();

    public void Accept(AuditEvent match)
    {
        if (_tail is not null)
        {
            _tail.Add(match);
        }
        else
        {
            Pending.Add(match);
        }
    }

    /// <summary>Moves the tail's events to Pending and passes later matches straight through (Follow after the first read).</summary>
    public void ReleaseTail()
    {
        if (_tail is not null)
        {
            Pending.AddRange(_tail.Drain());
            _tail = null;
        }
    }

    public async ValueTask DeliverAsync(Func<AuditEvent, CancellationToken, ValueTask> onMatch, CancellationToken cancellationToken)
    {
        if (Pending.Count == 0)
        {
            return;
        }

        try
        {
            foreach (var match in Pending)
            {
                await onMatch(match, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Pending.Clear();
        }
    }
}
