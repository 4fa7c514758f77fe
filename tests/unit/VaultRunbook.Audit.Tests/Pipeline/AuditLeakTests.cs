using VaultRunbook.Audit.Tests.Support;
using Xunit;

namespace VaultRunbook.Audit.Tests.Pipeline;

/// <summary>DESIGN rule 11: request and response data values in the log reach no stream unless -IncludeRaw asks for the line.</summary>
public sealed class AuditLeakTests : IDisposable
{
    // A device with log_raw=true writes secrets in the clear; HMAC'd values are not for display either.
    private const string RawSecret = "pg-password-Canary-7f3a91";
    private const string RequestSecret = "new-api-key-Canary-55e0c2";
    private const string FixtureResponseValue = "hmac-sha256:fb394d7fa7707a2d93ca42cfa44b7e1f898730e4a881178412d009c0650756d8";
    private const string FixtureCreatedTime = "hmac-sha256:6c562e384ea9fa7ac467551e603a37c5e451d95c25f822a92b82ebc3fd6c49bb";

    private readonly PowerShellSession _ps = new();
    private readonly TempDirectory _dir = new();

    public void Dispose()
    {
        _ps.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Data_values_appear_only_with_IncludeRaw()
    {
        var log = _dir.File("raw.log", Searches.Lines(
            File.ReadAllLines(RepoFiles.VaultGuides)
                .Append(AuditLines.Entry(type: "request", path: "secret/data/cwiq/db", operation: "update", requestDataJson: $"{{\"data\":{{\"api_key\":\"{RequestSecret}\"}}}}"))
                .Append(AuditLines.Entry(type: "response", path: "secret/data/cwiq/db", responseDataJson: $"{{\"data\":{{\"password\":\"{RawSecret}\"}}}}"))
                .Append(AuditLines.Entry(type: "response", path: "secret/data/cwiq/db", responseDataJson: $"{{\"data\":{{\"password\":\"{RawSecret}\"}}}}")[..200])
                .ToArray()));
        var parameters = new Dictionary<string, object> { ["log"] = log };

        var steps = new[]
        {
            _ps.Run("Search-VaultAuditLog -Path $log", parameters),
            _ps.Run("Search-VaultAuditLog -Path $log -SecretPath 'secret/data/cwiq*' -Tail 5", parameters),
            _ps.Run("[System.IO.File]::ReadLines($log) | Search-VaultAuditLog -Operation read, update", parameters),
            _ps.Run("Search-VaultAuditLog -Path $log | ForEach-Object { \"$_\"; $_.PSObject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, ($_.Value -join ',') } }", parameters),
        };
        var everything = string.Join("\n", steps.Select(s => s.AllText()));

        Assert.True(steps[0].Output.Count == 8, steps[0].Describe());
        Assert.Single(steps[0].Warnings);
        foreach (var value in new[] { RawSecret, RequestSecret, FixtureResponseValue, FixtureCreatedTime })
        {
            Assert.DoesNotContain(value, everything, StringComparison.Ordinal);
        }

        var raw = _ps.Run("Search-VaultAuditLog -Path $log -IncludeRaw | ForEach-Object Raw", parameters);
        var rawText = string.Join("\n", raw.Output.Select(o => o.BaseObject));
        Assert.Contains(RawSecret, rawText, StringComparison.Ordinal);
        Assert.Contains(FixtureResponseValue, rawText, StringComparison.Ordinal);
    }
}
