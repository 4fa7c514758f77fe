using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>The node could not be reached: refused, reset, name not resolved, TLS failure or timeout.</summary>
public sealed class VaultUnreachableException : EngineException
{
    public VaultUnreachableException(string address, string reason, Exception? inner = null, bool mayHaveArrived = true)
        : base("VaultRunbook.Vault.Unreachable", ErrorKind.ConnectionError, $"Vault at {address} is unreachable: {reason}.", inner)
    {
        Address = address;
        Reason = reason;
        Target = address;
        MayHaveArrived = mayHaveArrived;
    }

    /// <summary>
    /// False only when the request cannot have reached Vault (connection refused, name not resolved, TLS handshake
    /// failed); after a timeout or a dropped connection Vault may still be working on it.
    /// </summary>
    public bool MayHaveArrived { get; }

    public string Address { get; }

    /// <summary>How many attempts were made before giving up (1 when the request was not retried).</summary>
    public int Attempts { get; init; } = 1;

    public string Reason { get; }
}
