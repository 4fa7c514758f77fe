namespace VaultRunbook.Engine.Common;

/// <summary>
/// The base of every expected failure the Engine reports. <see cref="ErrorId"/> is stable (scripts match on
/// it) and <see cref="Kind"/> tells the PowerShell layer which ErrorCategory to use. Messages never carry a
/// secret.
/// </summary>
public abstract class EngineException : Exception
{
    protected EngineException(string errorId, ErrorKind kind, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
    }

    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    /// <summary>The thing that failed (an address, a file, a path), for the ErrorRecord's target.</summary>
    public object? Target { get; init; }
}
