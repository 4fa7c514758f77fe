using System.Text;
using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>
/// The byte prefilter never drops a line that would match: paths that match only once their JSON escapes are
/// decoded are found, and on a generated mixed log every query gives exactly what a naive full parse gives.
/// </summary>
public sealed class PrefilterSoundnessTests : IDisposable
{
    private static readonly string[] Paths =
    [
        "secret/data/cwiq", "secret/data/cwiq/app", "secret/data/cwiq/db/creds", "secret/data/cwiqx", "secret/data/other",
        "secret/metadata/cwiq/app", "sys/health", "auth/token/lookup-self", "secret/data/cwiq/<tag>&x", "kv/data/cwiq/app",
    ];

    private static readonly string[] Names = ["userpass-alice", "approle-ci", "token-admin", "root"];
    private static readonly string[] Accessors = ["hmac-sha256:aa11", "hmac-sha256:bb22", "hmac-sha256:cc33"];
    private static readonly string[] Tokens = ["hmac-sha256:7001", "hmac-sha256:7002", "hmac-sha256:7003"];
    private static readonly string[] Operations = ["read", "update", "create", "list", "delete"];

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("secret\\/data\\/cwiq\\/app")]
    [InlineData("\\u0073ecret/data/cwiq/app")]
    [InlineData("secret/data/cw\\u0069q/app")]
    [InlineData("\\u0073\\u0065\\u0063\\u0072\\u0065\\u0074\\u002f\\u0064\\u0061\\u0074\\u0061\\u002f\\u0063\\u0077\\u0069\\u0071/app")]
    public async Task A_path_that_matches_only_after_unescaping_is_found(string pathJsonText)
    {
        var log = _dir.File("escaped.log", Searches.Lines(
            AuditLines.Entry(path: "sys/health"),
            AuditLines.Entry(pathJson: "\"" + pathJsonText + "\""),
            AuditLines.Entry(path: "sys/health")));

        var (events, result) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq*"] }, log);

        var match = Assert.Single(events);
        Assert.Equal("secret/data/cwiq/app", match.Path);
        Assert.Equal(2, match.LineNumber);
        Assert.Equal(0, result.MalformedLines);
    }

    [Fact]
    public async Task Go_escaped_angle_brackets_and_ampersand_and_an_escaped_key_are_matched_exactly()
    {
        var log = _dir.File("go.log", Searches.Lines(
            AuditLines.Entry(path: "secret/data/cwiq/<tag>&x"),
            AuditLines.Entry(path: "secret/data/cwiq/app").Replace("\"path\":", "\"p\\u0061th\":", StringComparison.Ordinal)));

        var (exact, _) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq/<tag>&x"] }, log);
        var (escapedKey, _) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq/app"] }, log);

        Assert.Contains("\\u003C", File.ReadAllText(log), StringComparison.Ordinal);
        Assert.Equal(new long[] { 1 }, exact.Select(e => e.LineNumber));
        Assert.Equal(new long[] { 2 }, escapedKey.Select(e => e.LineNumber));
    }

    [Fact]
    public async Task A_literal_holding_a_quote_is_found_behind_an_escaped_quote()
    {
        var log = _dir.File("quote.log", Searches.Lines(
            AuditLines.Entry(path: "sys/health", error: "1 error occurred:\n\t* permission denied"),
            AuditLines.Entry(pathJson: "\"secret/data/a\\\"b/app\""),
            AuditLines.Entry(path: "secret/data/ab/app")));

        var (events, _) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/a\"b*"] }, log);

        var second = File.ReadAllLines(log)[1];
        Assert.Contains("a\\\"b", second, StringComparison.Ordinal);
        Assert.Equal("Other", AuditPrefilter.EscapesIn(Encoding.UTF8.GetBytes(second)).ToString());
        Assert.Equal(new long[] { 2 }, events.Select(e => e.LineNumber));
    }

    [Theory]
    [InlineData("{\"a\":\"plain\"}", "None")]
    [InlineData("{\"error\":\"1 error occurred:\\n\\t* permission denied\\n\\n\"}", "Other")]
    [InlineData("{\"a\":\"say \\\"hi\\\" \\\\ \\r\\b\\f\"}", "Other")]
    [InlineData("{\"a\":\"secret\\/data\"}", "MayHideLiterals")]
    [InlineData("{\"a\":\"\\u0073ecret\"}", "MayHideLiterals")]
    [InlineData("{\"a\":\"x\\\\u\"}", "MayHideLiterals")]
    [InlineData("{\"a\":\"trailing\\", "Other")]
    public void Tells_which_escapes_may_hide_a_literal(string line, string expected)
    {
        Assert.Equal(expected, AuditPrefilter.EscapesIn(Encoding.UTF8.GetBytes(line)).ToString());
    }

    [Fact]
    public void Harmless_escapes_let_a_line_through_only_for_literals_that_need_them()
    {
        var line = Encoding.UTF8.GetBytes("{\"error\":\"denied\\n\",\"request\":{\"path\":\"sys/health\"}}");
        var plain = AuditPrefilter.Create([new[] { "secret/data/cwiq" }])!;
        var quoted = AuditPrefilter.Create([new[] { "secret/data/a\"b" }])!;

        Assert.False(plain.MayMatch(line, 0, line.Length, AuditPrefilter.EscapesIn(line)));
        Assert.True(quoted.MayMatch(line, 0, line.Length, AuditPrefilter.EscapesIn(line)));
        Assert.True(plain.MayMatch(line, 0, line.Length, LineEscapes.MayHideLiterals));
    }

    public static TheoryData<string, int> Queries() => new()
    {
        { "prefix", 1 << 20 },
        { "prefix", 4096 },
        { "prefix-slash-read", 1 << 20 },
        { "inner-wildcard", 8192 },
        { "exact-go-escaped", 1 << 20 },
        { "several-paths", 4096 },
        { "accessor", 1 << 20 },
        { "token", 4096 },
        { "path-name-error", 1 << 20 },
        { "everything", 1 << 20 },
        { "responses-in-window", 4096 },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task Every_query_matches_a_naive_full_parse_on_a_generated_mixed_log(string name, int blockBytes)
    {
        var bytes = GenerateMixedLog(seed: 20250604, lines: 6000);
        var log = _dir.File("mixed.log", bytes);
        var query = QueryNamed(name);

        var (events, _) = await Searches.FilesAsync(query, new AuditSearchOptions { BlockBytes = blockBytes }, log);
        var naive = NaiveAuditSearch.Run(bytes, query);

        Assert.True(naive.Matches.Count > 0, "the generated log should hold matches for " + name);
        Assert.Equal(naive.Matches, events.Select(e => e.LineNumber).ToList());
    }

    [Fact]
    public async Task Without_a_prefilter_malformed_lines_agree_with_the_naive_parse_too()
    {
        var bytes = GenerateMixedLog(seed: 7, lines: 3000);
        var log = _dir.File("mixed.log", bytes);

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), new AuditSearchOptions { MalformedLinesToReport = 10_000, BlockBytes = 4096 }, log);
        var naive = NaiveAuditSearch.Run(bytes, new AuditQuery());

        Assert.Equal(naive.Matches, events.Select(e => e.LineNumber).ToList());
        Assert.Equal(naive.Malformed, result.Sources[0].FirstMalformedLineNumbers);
    }

    private static AuditQuery QueryNamed(string name) => name switch
    {
        "prefix" => new AuditQuery { SecretPath = ["secret/data/cwiq*"] },
        "prefix-slash-read" => new AuditQuery { SecretPath = ["secret/data/cwiq/*"], Operation = ["read"] },
        "inner-wildcard" => new AuditQuery { SecretPath = ["*/cwiq/a?p"] },
        "exact-go-escaped" => new AuditQuery { SecretPath = ["secret/data/cwiq/<tag>&x"] },
        "several-paths" => new AuditQuery { SecretPath = ["sys/health", "secret/metadata/*"] },
        "accessor" => new AuditQuery { Accessor = [Accessors[1]] },
        "token" => new AuditQuery { ClientTokenHmac = [Tokens[2]], SecretPath = ["secret/*"] },
        "path-name-error" => new AuditQuery { SecretPath = ["secret/data/cwiq*"], DisplayName = ["userpass-*"], ErrorOnly = true },
        "everything" => new AuditQuery(),
        "responses-in-window" => new AuditQuery
        {
            Type = "response",
            After = new DateTimeOffset(2025, 6, 4, 6, 0, 0, TimeSpan.Zero),
            Before = new DateTimeOffset(2025, 6, 4, 18, 0, 0, TimeSpan.Zero),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>Vault-shaped lines with every kind of escape, decoys and malformed lines, the same for a given seed.</summary>
    private static byte[] GenerateMixedLog(int seed, int lines)
    {
        var random = new Random(seed);
        var output = new MemoryStream();
        var start = new DateTimeOffset(2025, 6, 4, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < lines; i++)
        {
            var path = Paths[random.Next(Paths.Length)];
            var pathJson = random.Next(10) switch
            {
                0 => "\"" + path.Replace("/", "\\/", StringComparison.Ordinal) + "\"",
                1 => "\"\\u00" + ((int)path[0]).ToString("x2") + AuditLines.S(path)[2..],
                2 => AuditLines.S(path).Replace("q", "\\u0071", StringComparison.Ordinal),
                _ => null,
            };
            var time = start.AddSeconds(random.Next(86_400)).AddTicks(random.Next(10_000_000));
            var error = random.Next(8) == 0 ? "1 error occurred:\n\t* permission denied\n\n" : null;
            var decoy = random.Next(6) == 0 ? "{\"note\":\"copied from secret/data/cwiq/app\",\"ref\":\"hmac-sha256:bb22\"}" : null;
            var line = AuditLines.Entry(
                type: random.Next(2) == 0 ? "request" : "response",
                path: path,
                pathJson: pathJson,
                operation: Operations[random.Next(Operations.Length)],
                displayName: Names[random.Next(Names.Length)],
                time: time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"),
                error: error,
                accessor: Accessors[random.Next(Accessors.Length)],
                clientToken: Tokens[random.Next(Tokens.Length)],
                requestClientToken: Tokens[random.Next(Tokens.Length)],
                oldOrder: random.Next(2) == 0,
                responseDataJson: decoy,
                requestDataJson: random.Next(10) == 0 ? "{\"path\":\"secret/data/cwiq/app\"}" : null);
            if (random.Next(20) == 0)
            {
                line = line.Replace("\"path\":", "\"p\\u0061th\":", StringComparison.Ordinal);
            }

            var bytes = Encoding.UTF8.GetBytes(line);
            switch (random.Next(60))
            {
                case 0:
                    bytes = bytes[..random.Next(1, bytes.Length - 1)];
                    break;
                case 1:
                    bytes[random.Next(bytes.Length)] = 0xFF;
                    break;
                case 2:
                    bytes = Encoding.UTF8.GetBytes("{\"unrelated\":\"secret/data/cwiq/app\"}");
                    break;
                case 3:
                    bytes = [];
                    break;
            }

            output.Write(bytes);
            output.WriteByte((byte)'\n');
        }

        return output.ToArray();
    }
}
