using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>An audit log file that does not exist (or is a directory). Checked for every file before any is read.</summary>
public sealed class AuditFileNotFoundException : EngineException
{
    public AuditFileNotFoundException(string path, string message)
        : base("VaultRunbook.Audit.FileNotFound", ErrorKind.ObjectNotFound, message)
    {
        Target = path;
    }
}
