namespace VaultRunbook.Sandbox;

/// <summary>How to start a <see cref="VaultSandbox"/>.</summary>
public sealed record SandboxOptions
{
    /// <summary>Number of unseal key shares created at initialisation (Vault's <c>secret_shares</c>).</summary>
    public int Shares { get; init; } = 5;

    /// <summary>Number of shares needed to unseal (Vault's <c>secret_threshold</c>).</summary>
    public int Threshold { get; init; } = 3;

    /// <summary>Folder that holds the sandbox state; null makes a new private (0700) temp folder.</summary>
    public string? DataPath { get; init; }

    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Delay added to every request before it is answered.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>False starts the server uninitialised, as if <c>sys/init</c> had not been called yet.</summary>
    public bool Initialize { get; init; } = true;

    /// <summary>The listener's <c>telemetry { unauthenticated_metrics_access = true }</c>: sys/metrics answers without a token.</summary>
    public bool UnauthenticatedMetricsAccess { get; init; }
}
