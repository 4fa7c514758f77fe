namespace VaultRunbook.Engine.Audit;

/// <summary>The per-source summaries of a finished search, in the order the sources were given.</summary>
public sealed record AuditSearchResult(IReadOnlyList<AuditSourceSummary> Sources)
{
    public long Matches => Sources.Sum(s => s.Matches);

    public long MalformedLines => Sources.Sum(s => s.MalformedLines);
}
