using VaultRunbook.Sandbox.Ha;

namespace VaultRunbook.Sandbox;

/// <summary>
/// An HA cluster of sandboxes: <see cref="Nodes"/> serve on their own ports and share one store (one DataPath, one
/// set of unseal keys and one root token), each with its own seal state. All start sealed; each is unsealed on its
/// own with the shares. The first node unsealed becomes active; the others are standbys: sys/health answers 429,
/// sys/leader names the active node, and a standby forwards logical requests (and step-down, generate-root,
/// rekey) to the active node in process, or answers 307 to it when the client sends
/// X-Vault-No-Request-Forwarding (or for a raft snapshot, which Vault always redirects). Leadership moves when the
/// active node steps down (sys/step-down, <see cref="StepDown"/>), is sealed or is restarted; with no other
/// unsealed node, a node that stepped down leads again after <see cref="StepDownHoldOff"/>, as Vault does.
/// </summary>
public sealed class VaultSandboxCluster : IDisposable
{
    /// <summary>Vault's manual step-down sleep: how long a node that stepped down stays out of the election.</summary>
    public static readonly TimeSpan DefaultStepDownHoldOff = TimeSpan.FromSeconds(10);

    private readonly SandboxHa _ha;
    private readonly VaultSandbox[] _nodes;

    private VaultSandboxCluster(SandboxHa ha, VaultSandbox[] nodes)
    {
        _ha = ha;
        _nodes = nodes;
    }

    public IReadOnlyList<VaultSandbox> Nodes => _nodes;

    /// <summary>The node that holds leadership now; null while none does (all sealed, or a step-down hold-off).</summary>
    public VaultSandbox? Active => _ha.Leader().Active as VaultSandbox;

    /// <summary>Every node's address, in node order (what a raft configuration lists).</summary>
    public IReadOnlyList<string> NodeAddresses => [.. _nodes.Select(n => n.Address)];

    public TimeSpan StepDownHoldOff => _ha.StepDownHoldOff;

    /// <summary>The shared DataPath: the store, unseal-keys.txt and root-token.</summary>
    public string DataPath => _nodes[0].DataPath;

    public string UnsealKeysPath => _nodes[0].UnsealKeysPath;

    public string RootTokenPath => _nodes[0].RootTokenPath;

    /// <summary>
    /// Starts <paramref name="nodes"/> nodes on one store as <paramref name="options"/> says (Port 0: free ports;
    /// else Port, Port+1, ...). The first node initialises the store (unless options.Initialize is false); all start sealed.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 or more than 9 nodes, a negative hold-off, or an option out of range.</exception>
    /// <exception cref="SandboxPortInUseException">A port is taken (the nodes started so far are stopped).</exception>
    public static VaultSandboxCluster Start(SandboxOptions options, int nodes, TimeSpan? stepDownHoldOff = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (nodes is < 2 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(nodes), nodes, "a sandbox cluster has 2 to 9 nodes");
        }

        TimeSpan holdOff = stepDownHoldOff ?? DefaultStepDownHoldOff;
        if (holdOff < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(stepDownHoldOff), holdOff, "the step-down hold-off cannot be negative");
        }

        if (options.Port != 0 && options.Port + nodes - 1 > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(SandboxOptions.Port), options.Port, $"ports {options.Port}..{options.Port + nodes - 1} do not all exist");
        }

        var ha = new SandboxHa(holdOff);
        var started = new List<VaultSandbox>();
        try
        {
            for (int i = 0; i < nodes; i++)
            {
                SandboxOptions nodeOptions = i == 0
                    ? options
                    : options with { DataPath = started[0].DataPath, Port = options.Port == 0 ? 0 : options.Port + i };
                started.Add(VaultSandbox.Start(nodeOptions, ha, i));
            }
        }
        catch
        {
            started.ForEach(n => n.Stop());
            throw;
        }

        return new VaultSandboxCluster(ha, [.. started]);
    }

    /// <summary>The active node gives up leadership (as sys/step-down does); false when no node was active.</summary>
    public bool StepDown() => _ha.Leader().Active is { } active && _ha.StepDown(active);

    /// <summary>Restarts node <paramref name="index"/>: it comes back sealed (and so a standby), with the cluster's data.</summary>
    public void RestartNode(int index) => Node(index).Restart();

    /// <summary>Seals node <paramref name="index"/> directly (as an operator stopping its barrier); leadership moves if it led.</summary>
    public void SealNode(int index) => Node(index).SealNode();

    /// <summary>Stops every node. Idempotent.</summary>
    public void Stop()
    {
        foreach (VaultSandbox node in _nodes)
        {
            node.Stop();
        }
    }

    public void Dispose() => Stop();

    private VaultSandbox Node(int index) =>
        index >= 0 && index < _nodes.Length
            ? _nodes[index]
            : throw new ArgumentOutOfRangeException(nameof(index), index, $"the cluster has nodes 0..{_nodes.Length - 1}");
}
