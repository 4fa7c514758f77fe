using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>An operation cannot go on in the node's present state (not initialised, auto-unseal, ...).</summary>
public sealed class VaultOperationException : EngineException
{
    public VaultOperationException(string errorId, ErrorKind kind, string message, string address)
        : base(errorId, kind, message)
    {
        Target = address;
    }
}
