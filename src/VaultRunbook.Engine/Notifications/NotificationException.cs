using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Notifications;

/// <summary>A notification that cannot be sent as built (a token-looking value survived redaction). Never carries the URI or the value.</summary>
public sealed class NotificationException : EngineException
{
    public NotificationException(string errorId, ErrorKind kind, string message)
        : base(errorId, kind, message)
    {
    }
}
