namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// What Start-VaultEnvProcess -Wait outputs once the child has exited: its exit code (also in $LASTEXITCODE) and
/// where each secret in its environment came from. Never a value.
/// </summary>
public sealed record VaultEnvProcessResult
{
    public required string FilePath { get; init; }

    public required IReadOnlyList<string> ArgumentList { get; init; }

    public required int ProcessId { get; init; }

    public required int ExitCode { get; init; }

    public required DateTime StartTime { get; init; }

    public required DateTime ExitTime { get; init; }

    public TimeSpan Duration => ExitTime - StartTime;

    /// <summary>One line per secret put in the child's environment: "HF_TOKEN from vault (cache)".</summary>
    public required IReadOnlyList<string> Secrets { get; init; }
}
