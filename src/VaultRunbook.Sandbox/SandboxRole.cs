namespace VaultRunbook.Sandbox;

/// <summary>The HA / replication role the sandbox reports through <c>sys/health</c>.</summary>
public enum SandboxRole
{
    /// <summary>Active node: <c>activecode</c> (200).</summary>
    Active,

    /// <summary>HA standby: <c>standbycode</c> (429) unless <c>standbyok</c>.</summary>
    Standby,

    /// <summary>Performance standby (Enterprise): <c>performancestandbycode</c> (473) unless <c>perfstandbyok</c>.</summary>
    PerformanceStandby,

    /// <summary>Node of a DR secondary cluster (Enterprise): <c>drsecondarycode</c> (472).</summary>
    DrSecondary,
}
