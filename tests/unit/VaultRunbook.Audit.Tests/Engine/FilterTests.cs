using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using VaultRunbook.Engine.Common;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>Each filter of AuditQuery on its own and combined, on a small log and on the fixture lines.</summary>
public sealed class FilterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _log;

    public FilterTests()
    {
        _log = _dir.File("audit.log", Searches.Lines(
            AuditLines.Entry(path: "secret/data/cwiq", operation: "read", time: "2025-01-01T10:00:00Z"),                                  // 1
            AuditLines.Entry(type: "response", path: "secret/data/cwiq", operation: "read", time: "2025-01-01T10:00:00.5Z"),             // 2
            AuditLines.Entry(path: "secret/data/cwiq/db", operation: "update", displayName: "approle-ci", time: "2025-01-01T11:00:00Z"), // 3
            AuditLines.Entry(path: "secret/data/cwiqx", operation: "read", time: "2025-01-01T12:00:00Z"),                                // 4
            AuditLines.Entry(path: "secret/metadata/cwiq/db", operation: "list", time: "2025-01-01T13:00:00Z"),                          // 5
            AuditLines.Entry(path: "secret/data/other", operation: "read", accessor: "hmac-sha256:beef", time: "2025-01-01T14:00:00Z"),  // 6
            AuditLines.Entry(type: "response", path: "secret/data/other", operation: "read", error: "permission denied", time: "2025-01-01T14:00:01Z", remoteAddress: "192.168.1.7"), // 7
            AuditLines.Entry(path: "Secret/Data/CWIQ", operation: "delete", time: "2025-01-01T15:00:00Z", clientToken: "hmac-sha256:feed", requestClientToken: "hmac-sha256:f00d"))); // 8
    }

    public void Dispose() => _dir.Dispose();

    private async Task<long[]> Lines(AuditQuery query) =>
        (await Searches.FilesAsync(query, _log)).Events.Select(e => e.LineNumber).ToArray();

    [Fact]
    public async Task Exact_path() => Assert.Equal(new long[] { 1, 2 }, await Lines(new AuditQuery { SecretPath = ["secret/data/cwiq"] }));

    [Fact]
    public async Task Prefix_path_is_case_sensitive_like_Vault() =>
        Assert.Equal(new long[] { 1, 2, 3, 4 }, await Lines(new AuditQuery { SecretPath = ["secret/data/cwiq*"] }));

    [Fact]
    public async Task Prefix_with_a_slash_excludes_siblings() =>
        Assert.Equal(new long[] { 3 }, await Lines(new AuditQuery { SecretPath = ["secret/data/cwiq/*"] }));

    [Fact]
    public async Task Wildcard_path_with_star_and_question_mark()
    {
        Assert.Equal(new long[] { 3, 5 }, await Lines(new AuditQuery { SecretPath = ["secret/*/cwiq/db"] }));
        Assert.Equal(new long[] { 4 }, await Lines(new AuditQuery { SecretPath = ["secret/data/cwiq?"] }));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, await Lines(new AuditQuery { SecretPath = ["*cwiq*"] }));
    }

    [Fact]
    public async Task Several_paths_are_an_or_and_a_leading_slash_is_ignored() =>
        Assert.Equal(new long[] { 5, 6, 7 }, await Lines(new AuditQuery { SecretPath = ["/secret/metadata/*", "secret/data/other"] }));

    [Fact]
    public async Task Operation_is_case_insensitive() =>
        Assert.Equal(new long[] { 3, 5 }, await Lines(new AuditQuery { Operation = ["UPDATE", "list"] }));

    [Fact]
    public async Task Display_name_wildcard() =>
        Assert.Equal(new long[] { 3 }, await Lines(new AuditQuery { DisplayName = ["APPROLE-*"] }));

    [Fact]
    public async Task Accessor_in_its_hmac_form_any_case()
    {
        Assert.Equal(new long[] { 6 }, await Lines(new AuditQuery { Accessor = ["hmac-sha256:beef"] }));
        Assert.Equal(new long[] { 6 }, await Lines(new AuditQuery { Accessor = ["HMAC-SHA256:BEEF"] }));
    }

    [Fact]
    public async Task Plain_accessor_when_the_device_does_not_hmac_accessors()
    {
        var file = _dir.File("plain.log", Searches.Lines(
            AuditLines.Entry(accessor: "8gGV2fRzGSwzHqg9GZDLJQSg"),
            AuditLines.Entry(accessor: "other")));

        var (events, _) = await Searches.FilesAsync(new AuditQuery { Accessor = ["8gGV2fRzGSwzHqg9GZDLJQSg"] }, file);

        Assert.Equal(new long[] { 1 }, events.Select(e => e.LineNumber));
        Assert.Equal("8gGV2fRzGSwzHqg9GZDLJQSg", events[0].Accessor);
    }

    [Fact]
    public async Task Accessor_on_the_fixture_lines()
    {
        var (events, _) = await Searches.FilesAsync(
            new AuditQuery { Accessor = ["hmac-sha256:18e2ca53bac3d2821fe22b5ad63969fb79ff13bc07525f320ceafefefc93f907"] },
            RepoFiles.VaultGuides);

        Assert.Equal(new[] { "kv-v2/data/lab-admin-1", "kv-v2/data/lab-admin-1" }, events.Select(e => e.Path));
    }

    [Fact]
    public async Task Client_token_hmac_matches_auth_or_request_token()
    {
        Assert.Equal(new long[] { 8 }, await Lines(new AuditQuery { ClientTokenHmac = ["hmac-sha256:feed"] }));
        Assert.Equal(new long[] { 8 }, await Lines(new AuditQuery { ClientTokenHmac = ["hmac-sha256:f00d"] }));

        // the 1.19 example: auth.client_token and request.client_token differ
        var (events, _) = await Searches.FilesAsync(
            new AuditQuery { ClientTokenHmac = ["hmac-sha256:3431e8c2ce0e5f5e179a857fcf9d948afd83363de9f64a5e956851262e1285e0"] },
            RepoFiles.SchemaDoc);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task Remote_address_wildcard() =>
        Assert.Equal(new long[] { 7 }, await Lines(new AuditQuery { RemoteAddress = ["192.168.*"] }));

    [Fact]
    public async Task Type_request_or_response()
    {
        Assert.Equal(new long[] { 2, 7 }, await Lines(new AuditQuery { Type = "response" }));
        Assert.Equal(new long[] { 1, 3, 4, 5, 6, 8 }, await Lines(new AuditQuery { Type = "Request" }));
    }

    [Fact]
    public async Task Time_window_after_inclusive_before_exclusive() =>
        Assert.Equal(new long[] { 3, 4 }, await Lines(new AuditQuery
        {
            After = new DateTimeOffset(2025, 1, 1, 11, 0, 0, TimeSpan.Zero),
            Before = new DateTimeOffset(2025, 1, 1, 14, 0, 0, TimeSpan.FromHours(1)),
        }));

    [Fact]
    public async Task Error_only() => Assert.Equal(new long[] { 7 }, await Lines(new AuditQuery { ErrorOnly = true }));

    [Fact]
    public async Task Filters_combine_with_and() =>
        Assert.Equal(new long[] { 1, 4 }, await Lines(new AuditQuery { SecretPath = ["secret/data/cwiq*"], Operation = ["read"], Type = "request" }));

    [Fact]
    public async Task Time_window_on_the_fixture_lines()
    {
        var (events, _) = await Searches.FilesAsync(
            new AuditQuery { After = DateTimeOffset.Parse("2020-04-30T14:27:57Z"), Before = DateTimeOffset.Parse("2020-04-30T14:28:00Z") },
            RepoFiles.VaultGuides);

        Assert.Equal(new long[] { 3, 4 }, events.Select(e => e.LineNumber));
    }

    [Fact]
    public void A_bad_type_or_an_empty_window_or_tail_is_bad_usage()
    {
        Assert.Equal("VaultRunbook.Audit.InvalidQuery", Assert.Throws<ConfigurationException>(() => new AuditLogSearcher(new AuditQuery { Type = "both" })).ErrorId);
        Assert.Throws<ConfigurationException>(() => new AuditLogSearcher(new AuditQuery { After = DateTimeOffset.UnixEpoch, Before = DateTimeOffset.UnixEpoch }));
        Assert.Throws<ConfigurationException>(() => new AuditLogSearcher(new AuditQuery(), new AuditSearchOptions { Tail = 0 }));
    }
}
