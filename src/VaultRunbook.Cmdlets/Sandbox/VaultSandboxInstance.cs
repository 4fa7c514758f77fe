using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Sandbox;

namespace VaultRunbook.Cmdlets.Sandbox;

/// <summary>
/// A running sandbox, as Start-VaultSandbox outputs it. Address pipes into Get-VaultHealth and the unseal steps;
/// the object itself pipes into Stop-VaultSandbox and Restart-VaultSandbox. The key and token files hold the
/// secrets; this object names them, and carries the root token only as a SecureString (as <c>vault server -dev</c>
/// hands its root token over), which no view, ToString or stream shows.
/// </summary>
public sealed class VaultSandboxInstance
{
    internal VaultSandboxInstance(VaultSandbox server, VaultSandboxCluster? cluster = null, int? node = null)
    {
        Server = server;
        Cluster = cluster;
        Node = node;
    }

    public string Address => Server.Address;

    public int Port => Server.Port;

    public string DataPath => Server.DataPath;

    public string UnsealKeysPath => Server.UnsealKeysPath;

    public string RootTokenPath => Server.RootTokenPath;

    /// <summary>The unseal key file, under the name Invoke-VaultUnseal's parameter has: <c>Invoke-VaultUnseal -KeyFile $sb.KeyFile</c>.</summary>
    public string KeyFile => Server.UnsealKeysPath;

    /// <summary>
    /// The root token as a SecureString, for -Token (<c>Get-VaultSecret -Token $sb.RootToken ...</c>); null while the
    /// sandbox is not initialised.
    /// </summary>
    public SecureString? RootToken => ReadRootToken() is { } token ? SecureStrings.ToSecure(token) : null;

    /// <summary>Null: the sandbox runs inside this PowerShell process (see <see cref="Hosting"/>).</summary>
    public int? ProcessId => null;

    public string Hosting => $"in-process (PowerShell process {Environment.ProcessId})";

    public bool Running => Server.IsRunning;

    public bool Sealed => Server.IsSealed;

    /// <summary>The node's number in its HA cluster (Start-VaultSandbox -Nodes); null for a single sandbox.</summary>
    public int? Node { get; }

    /// <summary>In an HA cluster: active (it holds leadership) or standby (sealed nodes included); null for a single sandbox.</summary>
    public string? HaMode => Cluster is null ? null : ReferenceEquals(Cluster.Active, Server) ? "active" : "standby";

    /// <summary>The HA cluster this node belongs to (for drills: StepDown, RestartNode, SealNode); null for a single sandbox.</summary>
    public VaultSandboxCluster? Cluster { get; }

    /// <summary>Delay added to every request; settable while it runs (drills, benchmarks).</summary>
    public TimeSpan Latency
    {
        get => Server.Latency;
        set => Server.Latency = value;
    }

    internal VaultSandbox Server { get; }

    /// <summary>The root token's text, for setting VAULT_TOKEN; null while the sandbox is not initialised.</summary>
    internal string? ReadRootToken() =>
        File.Exists(Server.RootTokenPath) && File.ReadAllText(Server.RootTokenPath).Trim() is { Length: > 0 } token ? token : null;

    public override string ToString() => Address;
}
