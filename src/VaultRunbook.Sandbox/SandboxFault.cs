namespace VaultRunbook.Sandbox;

/// <summary>
/// A failure <see cref="VaultSandbox.InjectFault"/> imposes on requests for a while: an error status
/// (503 "Vault is sealed" by default), added latency, or a dropped connection. It acts before Vault's
/// own handling, so nothing is audited and no state changes. Faults stack: latencies add up, then the
/// first Drop or Status fault (in injection order) decides the answer.
/// </summary>
public sealed record SandboxFault(SandboxFaultKind Kind)
{
    /// <summary>The status a <see cref="SandboxFaultKind.Status"/> fault answers with (100..999).</summary>
    public int StatusCode { get; init; } = 503;

    /// <summary>
    /// The message of the <c>{"errors":[...]}</c> body. Null: "Vault is sealed" for 503,
    /// "internal error" for 500, an empty list otherwise.
    /// </summary>
    public string? Message { get; init; }

    /// <summary>The delay a <see cref="SandboxFaultKind.Latency"/> fault adds.</summary>
    public TimeSpan Latency { get; init; }

    /// <summary>False leaves GET/HEAD /v1/sys/health untouched (e.g. a node that reports healthy but fails requests).</summary>
    public bool AffectsHealth { get; init; } = true;

    /// <summary>A fault answering <paramref name="statusCode"/> (503 "Vault is sealed" by default).</summary>
    public static SandboxFault Status(int statusCode = 503, string? message = null) =>
        new(SandboxFaultKind.Status) { StatusCode = statusCode, Message = message };

    /// <summary>A fault adding <paramref name="latency"/> to every request.</summary>
    public static SandboxFault Delay(TimeSpan latency) => new(SandboxFaultKind.Latency) { Latency = latency };

    /// <summary>A fault dropping every connection without an answer.</summary>
    public static SandboxFault Drop() => new(SandboxFaultKind.Drop);

    /// <summary>The error messages of the body a Status fault writes.</summary>
    internal string[] Messages => Message is not null
        ? [Message]
        : StatusCode switch
        {
            503 => ["Vault is sealed"],
            500 => ["internal error"],
            _ => [],
        };
}
