using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Signing;

/// <summary>A signing, verification or fallback-key failure with a stable VaultRunbook.Signing.* id; never carries key material.</summary>
public sealed class SigningException : EngineException
{
    public SigningException(string errorId, ErrorKind kind, string message, object? target, Exception? inner = null)
        : base(errorId, kind, message, inner)
    {
        Target = target;
    }

    /// <summary>How many attempts were made at Vault before this failure (0 when Vault was not asked).</summary>
    public int Attempts { get; init; }
}
