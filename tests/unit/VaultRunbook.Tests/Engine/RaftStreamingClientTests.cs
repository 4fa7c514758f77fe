using System.Text;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>The client's raw body and streamed answer (used by the raft snapshot cmdlets), against a fake node.</summary>
public sealed class RaftStreamingClientTests
{
    private static VaultHttpClient ClientFor(string address) => new(new VaultConnectionSettings
    {
        Address = new Uri(address),
        Token = new SensitiveString("hvs.TESTtokenNEVERshownXYZ123"),
        MaxAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        Timeout = TimeSpan.FromSeconds(5),
    });

    [Fact]
    public async Task A_raw_body_goes_as_octet_stream_and_is_sent_whole_again_after_a_standbys_redirect()
    {
        using var active = new FixturePeer(_ => new PeerAnswer(204, null, null));
        using var standby = new FixturePeer(_ => new PeerAnswer(307, null, null, new Dictionary<string, string> { ["Location"] = active.Address + "/v1/sys/storage/raft/snapshot" }));
        using var client = ClientFor(standby.Address);
        var opened = 0;

        await client.SendAsync(
            new VaultRequest
            {
                Method = "POST",
                Path = "sys/storage/raft/snapshot",
                RawBody = () =>
                {
                    opened++;
                    return new MemoryStream(Encoding.UTF8.GetBytes("snapshot bytes"));
                },
            },
            CancellationToken.None);

        Assert.Equal(2, opened);
        var received = Assert.Single(active.Requests);
        Assert.Equal("snapshot bytes", received.Body);
        Assert.Equal("application/octet-stream", received.Headers["Content-Type"]);
        Assert.Equal("snapshot bytes", Assert.Single(standby.Requests).Body);
    }

    [Fact]
    public async Task A_non_json_answer_goes_to_the_sink_and_a_json_one_does_not()
    {
        using var peer = new FixturePeer(request => request.AbsolutePath.EndsWith("/snapshot", StringComparison.Ordinal)
            ? new PeerAnswer(200, "tar bytes", "application/gzip")
            : new PeerAnswer(200, "{\"data\":{}}"));
        using var client = ClientFor(peer.Address);
        var sink = new MemoryStream();
        VaultRequest Request(string path) => new()
        {
            Method = "GET",
            Path = path,
            Idempotent = true,
            AcceptNonJson = true,
            ResponseSink = (stream, ct) => stream.CopyToAsync(sink, ct),
        };

        var streamed = await client.SendAsync(Request("sys/storage/raft/snapshot"), CancellationToken.None);
        var json = await client.SendAsync(Request("sys/other"), CancellationToken.None);

        Assert.True(streamed.Streamed);
        Assert.Null(streamed.Bytes);
        Assert.Equal("tar bytes", Encoding.UTF8.GetString(sink.ToArray()));
        Assert.False(json.Streamed);
        Assert.NotNull(json.Body);
        Assert.Equal("tar bytes".Length, sink.Length);
    }
}
