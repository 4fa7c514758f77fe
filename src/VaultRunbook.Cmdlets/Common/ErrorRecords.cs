using System.Management.Automation;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>Maps Engine failures onto ErrorRecords: stable id, category, target; no stack trace, no secret.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(EngineException exception, object? target = null) =>
        new(exception, exception.ErrorId, CategoryOf(exception.Kind), target ?? exception.Target);

    public static ErrorRecord Create(string errorId, ErrorCategory category, string message, object? target) =>
        new(new InvalidOperationException(message), errorId, category, target);

    public static ErrorCategory CategoryOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
        ErrorKind.ConnectionError => ErrorCategory.ConnectionError,
        ErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
        ErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
        ErrorKind.InvalidResult => ErrorCategory.InvalidResult,
        ErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        ErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
        _ => ErrorCategory.NotSpecified,
    };
}
