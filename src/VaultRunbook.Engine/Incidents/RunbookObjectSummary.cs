namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// What a runbook step's output object says, in a form safe to keep in an incident file, a report or a notification:
/// its kind, one line of summary, a severity hint and a property bag of scalar values. It never holds a secret: known
/// types keep an allow-list of fields, unknown ones lose every property whose name or value looks secret
/// (<see cref="SecretScrubber"/>). Made by <see cref="RunbookObjectSummarizer"/>.
/// </summary>
public sealed record RunbookObjectSummary
{
    /// <summary>VaultHealth, SecretRotation, Rollout, Signature, FallbackSigningStatus, K8sWorkloadChange, ActionRecord, Error, or the type's name.</summary>
    public required string Kind { get; init; }

    /// <summary>One line, scrubbed of token-looking text.</summary>
    public required string Summary { get; init; }

    public required SummarySeverity Severity { get; init; }

    /// <summary>Scalar values by property name, formatted invariantly; never a secret.</summary>
    public required IReadOnlyDictionary<string, string> Properties { get; init; }

    public override string ToString() => $"{Kind}: {Summary}";
}
