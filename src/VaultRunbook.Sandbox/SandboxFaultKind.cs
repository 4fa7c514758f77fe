namespace VaultRunbook.Sandbox;

/// <summary>What an injected <see cref="SandboxFault"/> does to each request.</summary>
public enum SandboxFaultKind
{
    /// <summary>Answers with <see cref="SandboxFault.StatusCode"/> and a Vault error body instead of the real answer.</summary>
    Status,

    /// <summary>Waits <see cref="SandboxFault.Latency"/> before handling the request as usual.</summary>
    Latency,

    /// <summary>Drops the connection without an answer, as a crashed or partitioned node would.</summary>
    Drop,
}
