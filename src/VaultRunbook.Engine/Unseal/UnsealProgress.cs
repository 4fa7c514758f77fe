namespace VaultRunbook.Engine.Unseal;

/// <summary>Reported after each accepted share so a cmdlet can show progress.</summary>
public sealed record UnsealProgress(string Address, int Progress, int Threshold);
