using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>A file that could not be read to its end: access denied, an I/O error, corrupt compressed data.</summary>
public sealed class AuditReadException : EngineException
{
    public AuditReadException(string path, ErrorKind kind, string message, Exception? inner = null)
        : base("VaultRunbook.Audit.ReadFailed", kind, message, inner)
    {
        Target = path;
    }
}
