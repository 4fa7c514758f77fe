namespace VaultRunbook.Engine.Audit;

/// <summary>What reading one line's fields gave.</summary>
internal enum EntryRead
{
    Entry,
    Malformed,
    RuledOut,
}
