using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Aws;

/// <summary>How AWS error codes are classified: the throttling codes the SDKs retry, and the kind each maps to.</summary>
public static class AwsErrors
{
    // The throttling codes of the AWS SDKs' standard retry mode (botocore retryhandler / the .NET SDK's RetryPolicy).
    private static readonly HashSet<string> Throttling = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    public static bool IsThrottling(string code) => Throttling.Contains(code);

    /// <summary>Transient: throttled, or a 5xx the SDKs retry.</summary>
    public static bool IsTransient(string code, int statusCode) => IsThrottling(code) || statusCode is 500 or 502 or 503 or 504;

    public static ErrorKind KindOf(string code, int statusCode)
    {
        if (IsThrottling(code))
        {
            return ErrorKind.ResourceUnavailable;
        }

        if (code.Contains("AccessDenied", StringComparison.Ordinal) || code.Contains("Signature", StringComparison.Ordinal) || code.Contains("ClientToken", StringComparison.Ordinal)
            || code is "UnrecognizedClientException" or "MissingAuthenticationToken" or "MissingAuthenticationTokenException" or "RequestExpired" or "ExpiredToken" or "ExpiredTokenException" or "AuthFailure" or "NoCredentials")
        {
            return ErrorKind.PermissionDenied;
        }

        if (code.Contains("NotFound", StringComparison.Ordinal))
        {
            return ErrorKind.ObjectNotFound;
        }

        if (code.Contains("AlreadyExists", StringComparison.Ordinal))
        {
            return ErrorKind.ResourceExists;
        }

        if (code.Contains("InvalidState", StringComparison.Ordinal) || code.Contains("Invalid", StringComparison.Ordinal) && code.Contains("State", StringComparison.Ordinal)
            || code is "DisabledException" or "KMSInvalidStateException" or "InvalidRestoreFault" or "PointInTimeRestoreNotEnabled")
        {
            return ErrorKind.InvalidOperation;
        }

        if (code.StartsWith("InvalidParameter", StringComparison.Ordinal) || code is "MissingParameter" or "ValidationException" or "ValidationError")
        {
            return ErrorKind.InvalidArgument;
        }

        return statusCode >= 500 ? ErrorKind.ResourceUnavailable : ErrorKind.NotSpecified;
    }
}
