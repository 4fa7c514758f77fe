using VaultRunbook.Engine.Cluster;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>sys/leader and sys/ha-status parsing from real bodies (tests/fixtures/vault), and where a standby's 307 may lead the token.</summary>
public sealed class VaultClusterApiTests
{
    private const string Token = "hvs.TESTtokenNEVERshownXYZ123";

    private static VaultHttpClient ClientFor(string address) =>
        new(new VaultConnectionSettings
        {
            Address = new Uri(address),
            Token = new SensitiveString(Token),
            MaxAttempts = 1,
            Timeout = TimeSpan.FromSeconds(5),
        });

    [Fact]
    public async Task Leader_fixture_parses()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("sys-leader.200.json")));
        using var client = ClientFor(peer.Address);

        var leader = await client.GetLeaderAsync(CancellationToken.None);

        Assert.True(leader.HaEnabled);
        Assert.False(leader.IsSelf);
        Assert.Equal("standby", leader.Mode);
        Assert.Equal("https://127.0.0.1:8200/", leader.LeaderAddress);
        Assert.Equal("https://127.0.0.1:8201/", leader.LeaderClusterAddress);
        Assert.Equal(new DateTimeOffset(2024, 1, 9, 0, 11, 46, TimeSpan.Zero), leader.ActiveTime!.Value.AddTicks(-(leader.ActiveTime.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(0, leader.RaftCommittedIndex);
        Assert.Equal(peer.Address, leader.Address);
    }

    [Fact]
    public async Task A_sealed_HA_node_is_reported_as_sealed_not_thrown()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(503, "{\"errors\":[\"Vault is sealed\"]}"));
        using var client = ClientFor(peer.Address);

        var leader = await client.GetLeaderAsync(CancellationToken.None);

        Assert.Equal(("sealed", true, true), (leader.Mode, leader.Sealed, leader.HaEnabled));
        Assert.Null(leader.LeaderAddress);
    }

    [Fact]
    public async Task Ha_status_reads_the_doc_samples_Nodes_spelling_and_uses_api_address_as_Address()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("sys-ha-status.200.json")));
        using var client = ClientFor(peer.Address);

        var nodes = await client.GetHaStatusAsync(CancellationToken.None);

        Assert.Equal(["http://10.0.0.2:8200", "http://10.0.0.3:8200", "http://10.0.0.4:8200"], nodes.Select(n => n.Address));
        Assert.Equal([true, false, false], nodes.Select(n => n.ActiveNode));
        Assert.Null(nodes[0].LastEcho);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 13, 5, 48, TimeSpan.Zero), nodes[1].LastEcho!.Value.AddTicks(-(nodes[1].LastEcho!.Value.Ticks % TimeSpan.TicksPerSecond)));
        Assert.Equal(("node3", -1L, 950L, "a"), (nodes[2].Hostname, nodes[2].ClockSkewMs, nodes[2].ReplicationPrimaryCanaryAgeMs, nodes[2].RedundancyZone));
        Assert.All(nodes, n => Assert.Equal(peer.Address, n.QueriedAddress));
    }

    [Theory]
    [InlineData("http://vault-elsewhere.invalid:8200")]
    [InlineData("https://127.0.0.1:8200")]
    [InlineData("http://someone:hunter2secret@10.0.0.9:8200")]
    public async Task A_redirect_to_another_host_or_scheme_is_refused_and_the_token_stays_home(string target)
    {
        using var standby = new FixturePeer(r => new PeerAnswer(307, null, null, new Dictionary<string, string> { ["Location"] = target + r.PathAndQuery }));
        using var client = ClientFor(standby.Address);

        var ex = await Assert.ThrowsAsync<VaultRedirectRefusedException>(() => client.SendAsync(VaultRequest.Get("secret/data/app"), CancellationToken.None));

        Assert.Equal("VaultRunbook.Vault.RedirectRefused", ex.ErrorId);
        Assert.Equal(new Uri(target).Scheme + "://" + new Uri(target).Authority, ex.RedirectedTo);
        Assert.DoesNotContain(Token, ex.Message);
        Assert.DoesNotContain("hunter2secret", ex.Message);
        Assert.Single(standby.Requests);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8200/v1/x", "http://127.0.0.1:8300/v1/x", true)]
    [InlineData("http://127.0.0.1:8200/v1/x", "http://localhost:8300/v1/x", true)]
    [InlineData("https://vault-0:8200/v1/x", "https://VAULT-0:8300/v1/x", true)]
    [InlineData("https://vault-0:8200/v1/x", "https://vault-1:8200/v1/x", false)]
    [InlineData("https://127.0.0.1:8200/v1/x", "http://127.0.0.1:8200/v1/x", false)]
    [InlineData("http://127.0.0.1:8200/v1/x", "http://10.0.0.2:8200/v1/x", false)]
    public void Only_same_scheme_same_host_or_loopback_redirects_carry_the_token(string from, string to, bool follows) =>
        Assert.Equal(follows, VaultHttpClient.MayFollowWithToken(new Uri(from), new Uri(to)));
}
