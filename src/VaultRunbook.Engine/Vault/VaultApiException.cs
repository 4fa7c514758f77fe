using System.Net;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>Vault answered with an error status. Carries the status and Vault's own errors[] text, never a token.</summary>
public sealed class VaultApiException : EngineException
{
    public VaultApiException(string errorId, HttpStatusCode statusCode, string method, string path, IReadOnlyList<string> errors, string address)
        : base(errorId, KindOf(statusCode), BuildMessage(statusCode, method, path, errors, address))
    {
        StatusCode = statusCode;
        Method = method;
        Path = path;
        Errors = errors;
        Address = address;
        Target = address;
    }

    public HttpStatusCode StatusCode { get; }

    public string Method { get; }

    public string Path { get; }

    public IReadOnlyList<string> Errors { get; }

    public string Address { get; }

    /// <summary>How many attempts it took to get this answer (more than 1 when a 5xx was retried).</summary>
    public int Attempts { get; private set; } = 1;

    /// <summary>This exception, noting how many attempts led to it.</summary>
    internal VaultApiException AfterAttempts(int attempts)
    {
        Attempts = attempts;
        return this;
    }

    /// <summary>True when any of Vault's messages contains <paramref name="text"/> (Vault wraps them in multierror text).</summary>
    public bool Mentions(string text) => Errors.Any(e => e.Contains(text, StringComparison.OrdinalIgnoreCase));

    private static ErrorKind KindOf(HttpStatusCode status) => (int)status switch
    {
        400 => ErrorKind.InvalidArgument,
        403 => ErrorKind.PermissionDenied,
        404 => ErrorKind.ObjectNotFound,
        405 or 415 => ErrorKind.InvalidOperation,
        429 or 503 => ErrorKind.ResourceUnavailable,
        _ => ErrorKind.NotSpecified,
    };

    private static string BuildMessage(HttpStatusCode status, string method, string path, IReadOnlyList<string> errors, string address)
    {
        var detail = errors.Count == 0 ? "no error text" : string.Join("; ", errors.Select(Flatten));
        return $"Vault at {address} answered {(int)status} to {method} /v1/{path}: {detail}.";
    }

    // Vault's multierror text is "1 error occurred:\n\t* permission denied\n\n": keep the messages only.
    private static string Flatten(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.EndsWith("occurred:", StringComparison.Ordinal))
            .Select(l => l.TrimStart('*', ' '));
        return string.Join(", ", lines);
    }
}
