namespace VaultRunbook.Engine.Audit;

/// <summary>
/// The filters of an audit-log search. Each list is an OR of its values; filters combine with AND; an unset
/// filter matches everything.
/// </summary>
public sealed record AuditQuery
{
    /// <summary>
    /// request.path patterns: exact (<c>secret/data/cwiq/app</c>), prefix (<c>secret/data/cwiq*</c>) or wildcard
    /// (<c>*/data/cwiq/*</c>; <c>*</c> and <c>?</c>). Case-sensitive, as Vault paths are; a leading <c>/</c> is ignored.
    /// </summary>
    public IReadOnlyList<string>? SecretPath { get; init; }

    /// <summary>request.operation values (create, read, update, delete, list, patch, ...); case-insensitive.</summary>
    public IReadOnlyList<string>? Operation { get; init; }

    /// <summary>auth.display_name wildcard patterns; case-insensitive.</summary>
    public IReadOnlyList<string>? DisplayName { get; init; }

    /// <summary>
    /// Token accessors, matched against auth.accessor and request.client_token_accessor: the plain accessor when
    /// the device logs them plainly (<c>hmac_accessor=false</c>), else its <c>hmac-sha256:</c> form (from sys/audit-hash).
    /// </summary>
    public IReadOnlyList<string>? Accessor { get; init; }

    /// <summary><c>hmac-sha256:</c> forms of client tokens, matched against auth.client_token and request.client_token.</summary>
    public IReadOnlyList<string>? ClientTokenHmac { get; init; }

    /// <summary>request.remote_address wildcard patterns (<c>10.0.*</c>).</summary>
    public IReadOnlyList<string>? RemoteAddress { get; init; }

    /// <summary><c>request</c> or <c>response</c>; null for both.</summary>
    public string? Type { get; init; }

    /// <summary>Only entries at or after this instant.</summary>
    public DateTimeOffset? After { get; init; }

    /// <summary>Only entries strictly before this instant.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Only entries that carry an error.</summary>
    public bool ErrorOnly { get; init; }
}
