using System.Net;
using System.Text;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>
/// VaultSandboxCluster: nodes on one store, each sealed until unsealed with the shares; the first unsealed node
/// leads; sys/health, sys/leader and sys/ha-status per vault-api-notes §1, §2.4-2.6 and §11 (forwarding, 307).
/// </summary>
public sealed class ClusterTests : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private readonly List<string> _folders = [];

    public void Dispose()
    {
        _owned.ForEach(d => d.Dispose());
        foreach (string folder in _folders)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    [Fact]
    public async Task Three_nodes_start_sealed_and_the_first_node_unsealed_leads()
    {
        VaultSandboxCluster cluster = Start(3);

        Assert.All(cluster.Nodes, n => Assert.True(n.IsSealed));
        foreach (VaultSandbox node in cluster.Nodes)
        {
            Assert.Equal(503, (await Call(node, "GET", "/v1/sys/health")).Code);
            ApiResponse leader = await Call(node, "GET", "/v1/sys/leader");
            Assert.Equal(503, leader.Code);
            Assert.Equal(["Vault is sealed"], leader.Errors);
        }

        await Unseal(cluster, 1);
        await Unseal(cluster, 0);
        await Unseal(cluster, 2);

        Assert.Same(cluster.Nodes[1], cluster.Active);
        Assert.Equal(429, (await Call(cluster.Nodes[0], "GET", "/v1/sys/health")).Code);
        Assert.Equal(200, (await Call(cluster.Nodes[1], "GET", "/v1/sys/health")).Code);
        Assert.Equal(429, (await Call(cluster.Nodes[2], "GET", "/v1/sys/health")).Code);
        Assert.Equal(200, (await Call(cluster.Nodes[2], "GET", "/v1/sys/health?standbyok=true")).Code);
        Assert.Equal(299, (await Call(cluster.Nodes[2], "GET", "/v1/sys/health?standbycode=299")).Code);
    }

    [Fact]
    public async Task Leader_names_the_active_node_on_every_node_and_active_time_only_on_itself()
    {
        VaultSandboxCluster cluster = await StartUnsealed(3);
        VaultSandbox active = cluster.Nodes[0];

        foreach (VaultSandbox node in cluster.Nodes)
        {
            JsonElement body = (await Call(node, "GET", "/v1/sys/leader")).Json;
            bool self = ReferenceEquals(node, active);
            Assert.True(body.GetProperty("ha_enabled").GetBoolean());
            Assert.Equal(self, body.GetProperty("is_self").GetBoolean());
            Assert.Equal(active.Address, body.GetProperty("leader_address").GetString());
            Assert.Equal($"https://127.0.0.1:{active.Port + 1}", body.GetProperty("leader_cluster_address").GetString());
            Assert.Equal(self, body.GetProperty("active_time").GetString() != "0001-01-01T00:00:00Z");
        }
    }

    [Fact]
    public async Task Leader_body_has_the_fields_of_Vaults_in_its_order()
    {
        VaultSandboxCluster cluster = await StartUnsealed(2);
        ApiResponse leader = await Call(cluster.Nodes[1], "GET", "/v1/sys/leader");

        JsonElement fixture = Fixtures.Load("sys-leader.200.json");
        string[] omitEmpty = ["last_wal", "raft_committed_index", "raft_applied_index"];
        foreach (JsonProperty field in fixture.EnumerateObject())
        {
            if (omitEmpty.Contains(field.Name))
            {
                Assert.False(leader.Json.TryGetProperty(field.Name, out _), $"{field.Name} is omitempty and 0 without raft");
                continue;
            }

            Assert.True(leader.Json.TryGetProperty(field.Name, out JsonElement value), field.Name);
            Assert.Equal(Fixtures.Kind(field.Value), Fixtures.Kind(value));
        }

        Assert.Equal(fixture.EnumerateObject().Select(p => p.Name).Where(n => !omitEmpty.Contains(n)), leader.Keys);
    }

    [Fact]
    public async Task Ha_status_lists_the_active_node_then_the_unsealed_standbys_with_the_fixtures_fields()
    {
        VaultSandboxCluster cluster = Start(3);
        await Unseal(cluster, 0);
        await Unseal(cluster, 2);
        string token = RootToken(cluster);

        // Asked of a standby: forwarded to the active node, which answers.
        ApiResponse status = await Call(cluster.Nodes[2], "GET", "/v1/sys/ha-status", token: token);

        Assert.Equal(200, status.Code);
        JsonElement nodes = status.Json.GetProperty("data").GetProperty("nodes");
        Assert.Equal(nodes.GetRawText(), status.Json.GetProperty("nodes").GetRawText()); // injected at the top level too
        Assert.Equal([cluster.Nodes[0].Address, cluster.Nodes[2].Address], nodes.EnumerateArray().Select(n => n.GetProperty("api_address").GetString()));
        Assert.Equal([true, false], nodes.EnumerateArray().Select(n => n.GetProperty("active_node").GetBoolean()));

        // The doc sample says "Nodes"; its node objects are still what Vault sends, less the Enterprise-only fields.
        JsonElement[] sample = Fixtures.Load("sys-ha-status.200.json").GetProperty("Nodes").EnumerateArray().ToArray();
        string[] enterpriseOnly = ["upgrade_version", "redundancy_zone"];
        for (int i = 0; i < 2; i++)
        {
            JsonElement actual = nodes[i];
            foreach (JsonProperty field in sample[i].EnumerateObject().Where(f => !enterpriseOnly.Contains(f.Name)))
            {
                Assert.True(actual.TryGetProperty(field.Name, out JsonElement value), field.Name);
                Assert.Equal(Fixtures.Kind(field.Value), Fixtures.Kind(value));
            }

            Assert.Equal(sample[i].EnumerateObject().Count() - enterpriseOnly.Length, actual.EnumerateObject().Count());
        }

        Assert.True(GoTimeIsRfc3339(nodes[1].GetProperty("last_echo").GetString()!));
    }

    [Fact]
    public async Task A_request_sent_to_a_standby_is_forwarded_to_the_active_node()
    {
        VaultSandboxCluster cluster = await StartUnsealed(3);
        string token = RootToken(cluster);

        ApiResponse written = await Call(cluster.Nodes[2], "POST", "/v1/secret/data/app/db", "{\"data\":{\"user\":\"app\"}}", token);
        ApiResponse read = await Call(cluster.Nodes[1], "GET", "/v1/secret/data/app/db", token: token);
        ApiResponse readOnActive = await Call(cluster.Nodes[0], "GET", "/v1/secret/data/app/db", token: token);

        Assert.Equal(200, written.Code);
        Assert.Equal("app", read.Json.GetProperty("data").GetProperty("data").GetProperty("user").GetString());
        Assert.Equal(read.Json.GetProperty("data").GetProperty("metadata").GetRawText(), readOnActive.Json.GetProperty("data").GetProperty("metadata").GetRawText());
    }

    [Fact]
    public async Task A_standby_told_not_to_forward_answers_307_to_the_active_node()
    {
        VaultSandboxCluster cluster = await StartUnsealed(2);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(cluster.Nodes[1].Address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/secret/data/a%20b?version=2");
        request.Headers.Add("X-Vault-Token", RootToken(cluster));
        request.Headers.Add("X-Vault-No-Request-Forwarding", "true");
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(cluster.Nodes[0].Address + "/v1/secret/data/a%20b?version=2", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_standby_redirects_a_raft_snapshot_to_the_active_node_as_Vault_always_does()
    {
        VaultSandboxCluster cluster = await StartUnsealed(2);

        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(cluster.Nodes[1].Address) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/storage/raft/snapshot");
        request.Headers.Add("X-Vault-Token", RootToken(cluster));
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(cluster.Nodes[0].Address + "/v1/sys/storage/raft/snapshot", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Step_down_on_a_standby_moves_leadership_to_another_unsealed_node()
    {
        VaultSandboxCluster cluster = await StartUnsealed(3);
        string token = RootToken(cluster);

        ApiResponse stepDown = await Call(cluster.Nodes[1], "PUT", "/v1/sys/step-down", token: token);

        Assert.Equal(204, stepDown.Code);
        VaultSandbox next = Assert.IsType<VaultSandbox>(cluster.Active);
        Assert.NotSame(cluster.Nodes[0], next);
        Assert.Equal(429, (await Call(cluster.Nodes[0], "GET", "/v1/sys/health")).Code);
        Assert.Equal(200, (await Call(next, "GET", "/v1/sys/health")).Code);
        Assert.Equal(next.Address, (await Call(cluster.Nodes[0], "GET", "/v1/sys/leader")).Json.GetProperty("leader_address").GetString());
    }

    [Fact]
    public async Task The_new_active_node_serves_what_the_old_one_wrote()
    {
        VaultSandboxCluster cluster = await StartUnsealed(2);
        string token = RootToken(cluster);
        Assert.Equal(200, (await Call(cluster.Nodes[0], "POST", "/v1/secret/data/late", "{\"data\":{\"v\":\"1\"}}", token)).Code);

        Assert.True(cluster.StepDown());

        Assert.Same(cluster.Nodes[1], cluster.Active);
        ApiResponse read = await Call(cluster.Nodes[1], "GET", "/v1/secret/data/late", token: token);
        Assert.Equal("1", read.Json.GetProperty("data").GetProperty("data").GetProperty("v").GetString());
    }

    [Fact]
    public async Task Raft_configuration_lists_every_node_as_a_voter_and_follows_the_leader()
    {
        VaultSandboxCluster cluster = await StartUnsealed(3);
        string token = RootToken(cluster);

        async Task<List<(string Id, string Address, bool Leader, bool Voter)>> Servers(VaultSandbox node)
        {
            ApiResponse answer = await Call(node, "GET", "/v1/sys/storage/raft/configuration", token: token);
            Assert.Equal(200, answer.Code);
            return answer.Json.GetProperty("data").GetProperty("config").GetProperty("servers").EnumerateArray()
                .Select(s => (s.GetProperty("node_id").GetString()!, s.GetProperty("address").GetString()!, s.GetProperty("leader").GetBoolean(), s.GetProperty("voter").GetBoolean()))
                .ToList();
        }

        var servers = await Servers(cluster.Nodes[2]); // asked of a standby: forwarded to the active node
        Assert.Equal(["node1", "node2", "node3"], servers.Select(s => s.Id));
        Assert.Equal(cluster.Nodes.Select(n => $"127.0.0.1:{n.Port + 1}"), servers.Select(s => s.Address));
        Assert.All(servers, s => Assert.True(s.Voter));
        Assert.Equal(["node1"], servers.Where(s => s.Leader).Select(s => s.Id));

        Assert.True(cluster.StepDown());

        servers = await Servers(cluster.Nodes[0]);
        var leader = Assert.Single(servers, s => s.Leader);
        Assert.Equal($"127.0.0.1:{cluster.Active!.Port + 1}", leader.Address);
        Assert.NotEqual("node1", leader.Id);
    }

    [Fact]
    public async Task Step_down_needs_sudo()
    {
        VaultSandboxCluster cluster = await StartUnsealed(2);
        string plain = await CreateToken(cluster, "sys");
        string sudo = await CreateToken(cluster, "sys/step-down+sudo");

        ApiResponse denied = await Call(cluster.Nodes[0], "PUT", "/v1/sys/step-down", token: plain);
        Assert.Equal(403, denied.Code);
        Assert.Equal(["permission denied"], denied.Errors);
        Assert.Same(cluster.Nodes[0], cluster.Active);

        Assert.Equal(204, (await Call(cluster.Nodes[0], "POST", "/v1/sys/step-down", token: sudo)).Code);
        Assert.Same(cluster.Nodes[1], cluster.Active);
    }

    [Fact]
    public async Task With_no_other_unsealed_node_the_stepped_down_node_leads_again_after_the_hold_off()
    {
        VaultSandboxCluster cluster = Start(2, TimeSpan.FromMilliseconds(300));
        await Unseal(cluster, 0);

        Assert.Equal(204, (await Call(cluster.Nodes[0], "PUT", "/v1/sys/step-down", token: RootToken(cluster))).Code);

        // During the hold-off no node leads: standby codes, an empty leader, and a standby cannot serve.
        JsonElement leader = (await Call(cluster.Nodes[0], "GET", "/v1/sys/leader")).Json;
        if (cluster.Active is null)
        {
            Assert.Equal(string.Empty, leader.GetProperty("leader_address").GetString());
            Assert.False(leader.GetProperty("is_self").GetBoolean());
        }

        VaultSandbox? back = null;
        for (int i = 0; i < 200 && (back = cluster.Active) is null; i++)
        {
            await Task.Delay(50);
        }

        Assert.Same(cluster.Nodes[0], back);
        Assert.Equal(200, (await Call(cluster.Nodes[0], "GET", "/v1/sys/health")).Code);
    }

    [Fact]
    public async Task During_a_hold_off_a_standby_answers_500_or_503_for_want_of_an_active_node()
    {
        VaultSandboxCluster cluster = Start(2, TimeSpan.FromMinutes(5));
        await Unseal(cluster, 0);
        Assert.True(cluster.StepDown());

        ApiResponse forwarded = await Call(cluster.Nodes[0], "GET", "/v1/secret/data/x", token: RootToken(cluster));
        ApiResponse redirected = await Call(cluster.Nodes[0], "GET", "/v1/secret/data/x", token: RootToken(cluster), noForwarding: true);

        Assert.Equal(500, forwarded.Code);
        Assert.Equal(["local node not active but active cluster node not found"], forwarded.Errors);
        Assert.Equal(503, redirected.Code);
        Assert.Equal(["no active Vault instance found"], redirected.Errors);
        Assert.Null(cluster.Active);
    }

    [Fact]
    public async Task The_leader_survives_the_restart_of_a_standby_and_the_restarted_node_comes_back_sealed()
    {
        VaultSandboxCluster cluster = await StartUnsealed(3);

        cluster.RestartNode(2);

        Assert.Same(cluster.Nodes[0], cluster.Active);
        Assert.True(cluster.Nodes[2].IsSealed);
        Assert.Equal(200, (await Call(cluster.Nodes[0], "GET", "/v1/sys/health")).Code);
        Assert.Equal(503, (await Call(cluster.Nodes[2], "GET", "/v1/sys/health")).Code);
        await Unseal(cluster, 2);
        Assert.Equal(429, (await Call(cluster.Nodes[2], "GET", "/v1/sys/health")).Code);
    }

    [Fact]
    public async Task Restarting_or_sealing_the_active_node_moves_leadership()
    {
        VaultSandboxCluster cluster = await StartUnsealed(3);

        cluster.RestartNode(0);
        Assert.Same(cluster.Nodes[1], cluster.Active);

        ApiResponse seal = await Call(cluster.Nodes[1], "PUT", "/v1/sys/seal", token: RootToken(cluster));
        Assert.Equal(204, seal.Code);
        Assert.Same(cluster.Nodes[2], cluster.Active);

        cluster.SealNode(2);
        Assert.Null(cluster.Active);
        Assert.All(cluster.Nodes, n => Assert.True(n.IsSealed));
    }

    [Fact]
    public async Task Sys_seal_on_a_standby_is_refused_as_Vault_does()
    {
        VaultSandboxCluster cluster = await StartUnsealed(2);

        ApiResponse seal = await Call(cluster.Nodes[1], "PUT", "/v1/sys/seal", token: RootToken(cluster));

        Assert.Equal(500, seal.Code);
        Assert.Equal(["vault cannot seal when in standby mode; please restart instead"], seal.Errors);
        Assert.False(cluster.Nodes[1].IsSealed);
    }

    [Fact]
    public async Task A_single_sandbox_keeps_its_non_HA_answers()
    {
        using SandboxHarness single = SandboxHarness.Start(new SandboxOptions { Shares = 1, Threshold = 1 });
        await single.UnsealWithAsync(single.Keys);

        Assert.False((await single.CallAsync("GET", "/v1/sys/leader")).Json.GetProperty("ha_enabled").GetBoolean());
        Assert.Equal(204, (await single.RootAsync("PUT", "/v1/sys/step-down")).Code);
        Assert.Equal(200, (await single.CallAsync("GET", "/v1/sys/health")).Code);
    }

    private VaultSandboxCluster Start(int nodes, TimeSpan? holdOff = null)
    {
        string folder = SandboxHarness.NewTestFolder();
        _folders.Add(folder);
        VaultSandboxCluster cluster = VaultSandboxCluster.Start(new SandboxOptions { Shares = 3, Threshold = 2, DataPath = folder }, nodes, holdOff);
        _owned.Add(cluster);
        return cluster;
    }

    private async Task<VaultSandboxCluster> StartUnsealed(int nodes)
    {
        VaultSandboxCluster cluster = Start(nodes);
        for (int i = 0; i < nodes; i++)
        {
            await Unseal(cluster, i);
        }

        Assert.Same(cluster.Nodes[0], cluster.Active);
        return cluster;
    }

    private static async Task Unseal(VaultSandboxCluster cluster, int index)
    {
        foreach (string key in File.ReadAllLines(cluster.UnsealKeysPath).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(2))
        {
            Assert.Equal(200, (await Call(cluster.Nodes[index], "PUT", "/v1/sys/unseal", JsonSerializer.Serialize(new { key }))).Code);
        }

        Assert.False(cluster.Nodes[index].IsSealed);
    }

    private static string RootToken(VaultSandboxCluster cluster) => File.ReadAllText(cluster.RootTokenPath).Trim();

    private static async Task<string> CreateToken(VaultSandboxCluster cluster, string policy)
    {
        ApiResponse created = await Call(cluster.Nodes[1], "POST", "/v1/auth/token/create", JsonSerializer.Serialize(new { policies = new[] { policy } }), RootToken(cluster));
        Assert.Equal(200, created.Code);
        return created.Json.GetProperty("auth").GetProperty("client_token").GetString()!;
    }

    private static bool GoTimeIsRfc3339(string text) => DateTimeOffset.TryParse(text, out _) && text.Contains('T');

    private static async Task<ApiResponse> Call(VaultSandbox node, string method, string pathAndQuery, string? json = null, string? token = null, bool noForwarding = false)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(node.Address) };
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        if (noForwarding)
        {
            request.Headers.Add("X-Vault-No-Request-Forwarding", "true");
        }

        using HttpResponseMessage response = await http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType, response.Headers.CacheControl?.NoStore ?? false);
    }
}
