namespace VaultRunbook.Engine.Notifications;

/// <summary>
/// What Send-RunbookNotification did: whether the webhook took the message, after how many attempts, its last
/// status code, how many objects the one message summarised, and the waits between attempts. Endpoint is
/// scheme://host only: the webhook's path is its token.
/// </summary>
public sealed record NotificationResult
{
    public required bool Sent { get; init; }

    public required int Attempts { get; init; }

    /// <summary>The last HTTP status code; null when no answer came (connection failure, -WhatIf).</summary>
    public int? StatusCode { get; init; }

    public required int Objects { get; init; }

    public required string Endpoint { get; init; }

    public string? Channel { get; init; }

    public required string Title { get; init; }

    /// <summary>The waits before each retry (Retry-After when the webhook gave one, else the backoff), capped.</summary>
    public IReadOnlyList<TimeSpan> Waits { get; init; } = Array.Empty<TimeSpan>();

    /// <summary>When not sent: the ErrorId of the failure and its message (never the URI, never a token).</summary>
    public string? ErrorId { get; init; }

    public string? Message { get; init; }

    public override string ToString() =>
        Sent ? $"sent to {Endpoint} ({Objects} object{(Objects == 1 ? string.Empty : "s")}, {Attempts} attempt{(Attempts == 1 ? string.Empty : "s")})" : $"not sent to {Endpoint}: {Message}";
}
