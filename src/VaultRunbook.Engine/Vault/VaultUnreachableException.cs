using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>The node could not be reached: refused, reset, name not resolved, TLS failure or timeout.</summary>
public sealed class VaultUnreachableException : EngineException
{
    public VaultUnreachableException(string address, string reason, Exception? inner = null)
        : base("VaultRunbook.Vault.Unreachable", ErrorKind.ConnectionError, $"Vault at {address} is unreachable: {reason}.", inner)
    {
        Address = address;
        Reason = reason;
        Target = address;
    }

    public string Address { get; }

    public string Reason { get; }
}
