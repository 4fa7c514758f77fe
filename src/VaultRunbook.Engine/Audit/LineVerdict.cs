namespace VaultRunbook.Engine.Audit;

/// <summary>What became of one line.</summary>
internal enum LineVerdict
{
    NoMatch,
    Match,
    Malformed,
}
