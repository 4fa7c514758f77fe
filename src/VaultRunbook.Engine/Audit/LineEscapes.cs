namespace VaultRunbook.Engine.Audit;

/// <summary>What escapes a line holds, for the prefilter.</summary>
internal enum LineEscapes : byte
{
    /// <summary>No backslash.</summary>
    None,

    /// <summary>Backslashes, but none followed by u or /.</summary>
    Other,

    /// <summary>A backslash followed by u or /: any literal may be hidden.</summary>
    MayHideLiterals,
}
