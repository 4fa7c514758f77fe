namespace VaultRunbook.Engine.Leaks;

/// <summary>Where a token-looking value sits in a line, and its kind. The value itself is never kept: only its place.</summary>
public sealed record TokenMatch(string Kind, int Index, int Length);
