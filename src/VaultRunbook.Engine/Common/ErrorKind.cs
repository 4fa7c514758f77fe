namespace VaultRunbook.Engine.Common;

/// <summary>What went wrong, independent of PowerShell; the Cmdlets map it onto ErrorCategory.</summary>
public enum ErrorKind
{
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    PermissionDenied,
    ConnectionError,
    ResourceUnavailable,
    InvalidOperation,
    InvalidResult,
    ResourceExists,
    OperationTimeout,
    NotSpecified,
}
