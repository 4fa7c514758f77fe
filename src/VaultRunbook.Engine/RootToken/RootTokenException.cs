using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.RootToken;

/// <summary>A root token generation input that cannot be used (an OTP or encoded token that does not fit). Never holds either.</summary>
public sealed class RootTokenException : EngineException
{
    public RootTokenException(string errorId, ErrorKind kind, string message)
        : base(errorId, kind, message)
    {
    }
}
