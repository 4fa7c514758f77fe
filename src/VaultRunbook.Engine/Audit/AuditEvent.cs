namespace VaultRunbook.Engine.Audit;

/// <summary>
/// One entry of a Vault file audit device: who did what to which path, when, from where, and whether it
/// failed. It never carries request or response data; <see cref="Raw"/> holds the whole line only when the
/// caller asked for it.
/// </summary>
public sealed record AuditEvent
{
    /// <summary>When Vault wrote the entry (the line's <c>time</c>, UTC).</summary>
    public DateTimeOffset Time { get; init; }

    /// <summary><c>request</c> or <c>response</c>.</summary>
    public string Type { get; init; } = string.Empty;

    /// <summary>request.operation: create, read, update, delete, list, patch, ...</summary>
    public string? Operation { get; init; }

    /// <summary>request.path, e.g. <c>secret/data/cwiq/app</c> (never HMAC'd).</summary>
    public string? Path { get; init; }

    /// <summary>request.mount_type (or the response's when the request has none).</summary>
    public string? MountType { get; init; }

    /// <summary>request.mount_point (or the response's when the request has none).</summary>
    public string? MountPoint { get; init; }

    /// <summary>auth.display_name: the caller as Vault names it (e.g. <c>userpass-alice</c>).</summary>
    public string? DisplayName { get; init; }

    /// <summary>auth.accessor; usually in its <c>hmac-sha256:</c> form.</summary>
    public string? Accessor { get; init; }

    /// <summary>request.remote_address (the IP only).</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>auth.policies.</summary>
    public string[] Policies { get; init; } = [];

    /// <summary>request.namespace: its path when present, else its id (<c>root</c>).</summary>
    public string? Namespace { get; init; }

    /// <summary>The entry's error text; null on success.</summary>
    public string? Error { get; init; }

    /// <summary>request.id, shared by a request line and its response line.</summary>
    public string? RequestId { get; init; }

    /// <summary>The file the line came from; null for lines given on a reader or the pipeline.</summary>
    public string? File { get; init; }

    /// <summary>The line's number (1-based) in its file or input.</summary>
    public long LineNumber { get; init; }

    /// <summary>The line's JSON text; null unless the search was asked to include it.</summary>
    public string? Raw { get; init; }
}
