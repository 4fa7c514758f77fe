namespace VaultRunbook.Engine.Incidents;

/// <summary>How much a piped object suggests something is wrong: a hint for a timeline or a notification, not a verdict.</summary>
public enum SummarySeverity
{
    /// <summary>Nothing wrong: a healthy node, a completed rotation, a Vault signature.</summary>
    Info,

    /// <summary>Worth a look: the kill switch on, a fallback signature, a rollout that did not complete.</summary>
    Warning,

    /// <summary>A failure: an error record, a failed action.</summary>
    Error,

    /// <summary>Service is down: a sealed or unreachable node.</summary>
    Critical,
}
