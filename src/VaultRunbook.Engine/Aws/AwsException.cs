using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Aws;

/// <summary>
/// An AWS service or client failure, carrying the AWS error code (Throttling, AccessDeniedException,
/// DBInstanceNotFound...) in a stable ErrorId: VaultRunbook.Aws.&lt;code without Fault/Exception&gt;. The message is
/// the service's own text with the operation named; it never holds a key or a token.
/// </summary>
public sealed class AwsException : EngineException
{
    public AwsException(string awsErrorCode, ErrorKind kind, string message, int statusCode = 0, string? requestId = null, Exception? inner = null)
        : base("VaultRunbook.Aws." + IdPart(awsErrorCode), kind, message, inner)
    {
        AwsErrorCode = awsErrorCode;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The code as AWS sent it (or the module's own for client-side failures: NoCredentials, WaitTimeout...).</summary>
    public string AwsErrorCode { get; }

    public int StatusCode { get; }

    public string? RequestId { get; }

    /// <summary>Whether the AWS SDKs treat the code as throttling (retried with backoff).</summary>
    public bool IsThrottling => AwsErrors.IsThrottling(AwsErrorCode);

    /// <summary>A failure the service reported: its code decides the kind (throttled, denied, not found, invalid state...).</summary>
    public static AwsException FromService(string service, string operation, string code, string? message, int statusCode, string? requestId, object? target = null) =>
        new(code, AwsErrors.KindOf(code, statusCode), $"{service} {operation} failed: {code}: {(string.IsNullOrEmpty(message) ? "(no message)" : message)}{(requestId is null ? string.Empty : $" (request id {requestId})")}", statusCode, requestId)
        {
            Target = target,
        };

    private static string IdPart(string code)
    {
        foreach (var suffix in new[] { "Exception", "Fault" })
        {
            if (code.Length > suffix.Length && code.EndsWith(suffix, StringComparison.Ordinal))
            {
                return code[..^suffix.Length];
            }
        }

        return code;
    }
}
