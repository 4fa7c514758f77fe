using System.Runtime.CompilerServices;
using System.Text;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// The compiled query: a sound byte prefilter, then a real parse of the candidate line and the filters on the
/// decoded fields, then the event (decoded only for matches).
/// </summary>
internal sealed class AuditLineMatcher
{
    private const string HmacPrefix = "hmac-sha256:";

    private readonly AuditWildcard[]? _paths;
    private readonly HashSet<string>? _operations;
    private readonly AuditWildcard[]? _displayNames;
    private readonly HashSet<string>? _accessors;
    private readonly HashSet<string>? _clientTokens;
    private readonly AuditWildcard[]? _remoteAddresses;
    private readonly string? _type;
    private readonly DateTimeOffset? _after;
    private readonly DateTimeOffset? _before;
    private readonly bool _errorOnly;
    private readonly bool _includeRaw;
    private readonly AuditEntryReader.PathTest? _pathTest;

    public AuditLineMatcher(AuditQuery query, bool includeRaw)
    {
        ArgumentNullException.ThrowIfNull(query);
        _includeRaw = includeRaw;
        var paths = Values(query.SecretPath)?.Select(p => p.StartsWith('/') ? p[1..] : p).ToArray();
        _paths = paths?.Select(p => new AuditWildcard(p, ignoreCase: false)).ToArray();
        _operations = Values(query.Operation)?.ToHashSet(StringComparer.OrdinalIgnoreCase);
        _displayNames = Values(query.DisplayName)?.Select(p => new AuditWildcard(p, ignoreCase: true)).ToArray();
        _accessors = Values(query.Accessor)?.Select(NormalizeHmac).ToHashSet(StringComparer.Ordinal);
        _clientTokens = Values(query.ClientTokenHmac)?.Select(NormalizeHmac).ToHashSet(StringComparer.Ordinal);
        _remoteAddresses = Values(query.RemoteAddress)?.Select(p => new AuditWildcard(p, ignoreCase: true)).ToArray();
        _errorOnly = query.ErrorOnly;
        _after = query.After;
        _before = query.Before;
        if (!string.IsNullOrWhiteSpace(query.Type))
        {
            _type = query.Type.Trim().ToLowerInvariant();
            if (_type is not ("request" or "response"))
            {
                throw new ConfigurationException("VaultRunbook.Audit.InvalidQuery", $"The entry type '{query.Type}' is not 'request' or 'response'.");
            }
        }

        if (_after is not null && _before is not null && _after >= _before)
        {
            throw new ConfigurationException("VaultRunbook.Audit.InvalidQuery", $"The time window is empty: After ({_after:o}) is not earlier than Before ({_before:o}).");
        }

        var groups = new List<IReadOnlyList<string>>();
        if (_paths is not null)
        {
            groups.Add(_paths.Select(p => p.LongestLiteral).ToArray());
        }

        if (_accessors is not null)
        {
            groups.Add(_accessors.ToArray());
        }

        if (_clientTokens is not null)
        {
            groups.Add(_clientTokens.ToArray());
        }

        Prefilter = AuditPrefilter.Create(groups);
        _pathTest = _paths is null ? null : PathMayMatch;
    }

    /// <summary>Null when the query has no literal a line must contain.</summary>
    public AuditPrefilter? Prefilter { get; }

    /// <summary>
    /// Parses one candidate line and applies the filters. The line has no newline. A line whose request.path
    /// cannot match is left as soon as the path is read (so a later defect in it goes unnoticed, as for lines the
    /// prefilter rules out).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public LineVerdict Examine(ReadOnlySpan<byte> line, string? file, long lineNumber, Utf8StringCache strings, out AuditEvent? match)
    {
        match = null;
        var open = line.IndexOf((byte)'{');
        if (open < 0)
        {
            return LineVerdict.Malformed;
        }

        // A device's `prefix` option puts text before the JSON.
        var json = line[open..];
        switch (AuditEntryReader.Read(json, _pathTest, out var entry))
        {
            case EntryRead.Malformed:
                return LineVerdict.Malformed;
            case EntryRead.RuledOut:
                return LineVerdict.NoMatch;
        }

        if (!Matches(json, entry))
        {
            return LineVerdict.NoMatch;
        }

        match = CreateEvent(json, entry, file, lineNumber, strings);
        return LineVerdict.Match;
    }

    // Only for matches, and kept out of Examine: compiling it fully optimised up front would cost more than it saves.
    private AuditEvent CreateEvent(ReadOnlySpan<byte> json, in RawAuditEntry entry, string? file, long lineNumber, Utf8StringCache strings) => new()
    {
        Time = entry.Time!.Value,
        Type = entry.Type.Decode(json, strings)!,
        Operation = entry.Operation.Decode(json, strings),
        Path = entry.Path.Decode(json, strings),
        MountType = (entry.MountType.Present ? entry.MountType : entry.ResponseMountType).Decode(json, strings),
        MountPoint = (entry.MountPoint.Present ? entry.MountPoint : entry.ResponseMountPoint).Decode(json, strings),
        DisplayName = entry.DisplayName.Decode(json, strings),
        Accessor = (entry.Accessor.Present ? entry.Accessor : entry.RequestClientTokenAccessor).Decode(json, strings),
        RemoteAddress = entry.RemoteAddress.Decode(json, strings),
        Policies = AuditEntryReader.ReadStrings(json, entry.PoliciesStart, strings),
        Namespace = (entry.NamespacePath.Present && entry.NamespacePath.Length > 0 ? entry.NamespacePath : entry.NamespaceId).Decode(json, strings),
        Error = NullIfEmpty(entry.Error.Decode(json)),
        RequestId = entry.RequestId.Decode(json),
        File = file,
        LineNumber = lineNumber,
        Raw = _includeRaw ? Encoding.UTF8.GetString(json.TrimEnd(" \t\r"u8)) : null,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Matches(ReadOnlySpan<byte> json, in RawAuditEntry entry)
    {
        if (_type is not null && !_type.Equals(entry.Type.Decode(json), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var time = entry.Time!.Value;
        if ((_after is not null && time < _after) || (_before is not null && time >= _before))
        {
            return false;
        }

        if (_errorOnly && string.IsNullOrEmpty(entry.Error.Decode(json)))
        {
            return false;
        }

        if (_operations is not null && !_operations.Contains(entry.Operation.Decode(json) ?? string.Empty))
        {
            return false;
        }

        if (_paths is not null && !AnyMatch(_paths, entry.Path.Decode(json)))
        {
            return false;
        }

        if (_accessors is not null && !AnyOf(_accessors, entry.Accessor.Decode(json), entry.RequestClientTokenAccessor.Decode(json)))
        {
            return false;
        }

        if (_clientTokens is not null && !AnyOf(_clientTokens, entry.AuthClientToken.Decode(json), entry.RequestClientToken.Decode(json)))
        {
            return false;
        }

        if (_remoteAddresses is not null && !AnyMatch(_remoteAddresses, entry.RemoteAddress.Decode(json)))
        {
            return false;
        }

        return _displayNames is null || AnyMatch(_displayNames, entry.DisplayName.Decode(json));
    }

    // Tests the path where it lies in the line, without a string when it is short and unescaped.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool PathMayMatch(ReadOnlySpan<byte> json, JsonText path)
    {
        if (!path.Present)
        {
            return false;
        }

        if (path.Escaped || path.Length > 512)
        {
            return AnyMatch(_paths!, path.Decode(json));
        }

        Span<char> chars = stackalloc char[path.Length];
        var count = Encoding.UTF8.GetChars(json.Slice(path.Start, path.Length), chars);
        foreach (var pattern in _paths!)
        {
            if (pattern.IsMatch(chars[..count]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyMatch(AuditWildcard[] patterns, string? value)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyOf(HashSet<string> values, string? first, string? second) =>
        (first is not null && values.Contains(first)) || (second is not null && values.Contains(second));

    private static string[]? Values(IReadOnlyList<string>? values)
    {
        var kept = values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToArray();
        return kept is { Length: > 0 } ? kept : null;
    }

    // Vault writes the HMAC's hex in lower case.
    private static string NormalizeHmac(string value) =>
        value.StartsWith(HmacPrefix, StringComparison.OrdinalIgnoreCase) ? HmacPrefix + value[HmacPrefix.Length..].ToLowerInvariant() : value;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
