namespace VaultRunbook.Engine.Incidents;

/// <summary>The parts of a PowerShell ErrorRecord the summariser reads (the Engine has no PowerShell reference): its id, category and message.</summary>
public sealed record PipedError(string ErrorId, string Category, string Message);
