using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Secrets;

/// <summary>A KV operation that cannot be done as asked: no such secret, a deleted version, a v1 mount, a lost CAS race.</summary>
public sealed class KvException : EngineException
{
    public KvException(string errorId, ErrorKind kind, string message, string target, Exception? inner = null)
        : base(errorId, kind, message, inner)
    {
        Target = target;
    }
}
