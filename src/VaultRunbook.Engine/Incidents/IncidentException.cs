using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Incidents;

/// <summary>An incident that cannot be found, is closed, is held by another process, or whose checklist did not pass: VaultRunbook.Incident.*.</summary>
public sealed class IncidentException : EngineException
{
    public IncidentException(string errorId, ErrorKind kind, string message, Exception? inner = null)
        : base(errorId, kind, message, inner)
    {
    }
}
